#!/usr/bin/env bash
# expect: fail
# why: features from the incident's first minute only (an instant query at --start): a leak has not shown yet then
# feedback: memory_leak 0/2
set -euo pipefail
cat > /lab/classify.py <<'PY'
import argparse
import os

import requests

PROM = os.environ["PROMETHEUS_URL"]


def at(q, t):
    r = requests.get(PROM + "/api/v1/query", params={"query": q + '{service="checkout"}', "time": t}).json()
    return float(r["data"]["result"][0]["value"][1])


ap = argparse.ArgumentParser()
ap.add_argument("--start", type=float)
ap.add_argument("--end", type=float)
a = ap.parse_args()
t, before = a.start + 60, a.start - 1800
rps = at("lab_requests_per_second", t) / at("lab_requests_per_second", before)
lat = at("lab_request_latency_seconds", t) / at("lab_request_latency_seconds", before)
mem = at("lab_memory_used_bytes", t) - at("lab_memory_used_bytes", before)
deployed = at("lab_deploys_total", t) > at("lab_deploys_total", before)
if mem > 300e6:
    print("memory_leak")
elif rps > 1.8:
    print("overload")
elif deployed and lat < 2:
    print("bad_deploy")
else:
    print("dependency_failure")
PY
