#!/usr/bin/env bash
# expect: fail
# why: memory and healthcheck done, the process limit forgotten
# feedback: any number of processes
# include: _lib/service.sh
api_set mem_limit "${LAB_PARAM_MEMORY_MB}m"
api_set healthcheck '{test: ["CMD", "curl", "-fsS", "http://127.0.0.1:8080/healthz"], interval: 2s, retries: 3}'
up
