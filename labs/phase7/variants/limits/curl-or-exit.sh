#!/usr/bin/env bash
# expect: pass
# why: a CMD-SHELL healthcheck `curl --fail ... || exit 1`, mem_reservation beside mem_limit
# include: _lib/service.sh
api_set mem_limit 128m
api_set mem_reservation 64m
api_set pids_limit "$((LAB_PARAM_MAX_PIDS - 8))"
api_set healthcheck '{test: "curl --fail --silent http://localhost:8080/healthz || exit 1", interval: 2s, timeout: 2s, retries: 3}'
up
