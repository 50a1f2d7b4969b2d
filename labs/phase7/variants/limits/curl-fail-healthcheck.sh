#!/usr/bin/env bash
# expect: pass
# why: the limits at the maxima the task gives, a curl -f healthcheck in exec form
# include: _lib/service.sh
api_set mem_limit "${LAB_PARAM_MEMORY_MB}m"
api_set pids_limit "$LAB_PARAM_MAX_PIDS"
api_set healthcheck '{test: ["CMD", "curl", "-fsS", "-o", "/dev/null", "http://127.0.0.1:8080/healthz"], interval: 2s, timeout: 3s, retries: 3}'
up
