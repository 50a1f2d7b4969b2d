#!/usr/bin/env bash
# expect: pass
# why: tighter limits written in bytes and a count, a shell-form healthcheck with python's urllib
# include: _lib/service.sh
api_set mem_limit 100663296
api_set pids_limit 24
api_set healthcheck "{test: [\"CMD-SHELL\", \"python3 -c \\\"import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=2)\\\"\"], interval: 3s, retries: 5, start_period: 5s}"
up
