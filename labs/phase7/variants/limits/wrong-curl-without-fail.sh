#!/usr/bin/env bash
# expect: fail
# why: `curl http://127.0.0.1:8080/healthz` without -f: an HTTP 500 still exits 0, so a broken app stays healthy
# feedback: succeeds when /healthz answers HTTP 500
# include: _lib/service.sh
api_set mem_limit "${LAB_PARAM_MEMORY_MB}m"
api_set pids_limit "$LAB_PARAM_MAX_PIDS"
api_set healthcheck '{test: ["CMD", "curl", "-s", "-o", "/dev/null", "http://127.0.0.1:8080/healthz"], interval: 2s, retries: 3}'
up
