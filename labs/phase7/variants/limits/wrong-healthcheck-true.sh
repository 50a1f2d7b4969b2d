#!/usr/bin/env bash
# expect: fail
# why: a healthcheck that always succeeds (`true`): the container is "healthy" whatever the app does
# feedback: does not probe the app
# include: _lib/service.sh
api_set mem_limit "${LAB_PARAM_MEMORY_MB}m"
api_set pids_limit "$LAB_PARAM_MAX_PIDS"
api_set healthcheck '{test: ["CMD", "true"], interval: 2s}'
up
