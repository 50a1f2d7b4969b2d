#!/usr/bin/env bash
# expect: fail
# why: the healthcheck requests port 80 (the published web port in the learner's head), where nothing listens
# feedback: unhealthy
# include: _lib/service.sh
api_set mem_limit "${LAB_PARAM_MEMORY_MB}m"
api_set pids_limit "$LAB_PARAM_MAX_PIDS"
api_set healthcheck '{test: ["CMD", "curl", "-fsS", "http://127.0.0.1/healthz"], interval: 2s, timeout: 2s, retries: 2}'
up
sleep 8
