#!/usr/bin/env bash
# expect: fail
# why: 512m "to be safe", above the most the task allows
# feedback: at most
# include: _lib/service.sh
api_set mem_limit 512m
api_set pids_limit "$LAB_PARAM_MAX_PIDS"
api_set healthcheck '{test: ["CMD", "curl", "-fsS", "http://127.0.0.1:8080/healthz"], interval: 2s, retries: 3}'
up
