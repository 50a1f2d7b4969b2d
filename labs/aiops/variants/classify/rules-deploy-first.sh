#!/usr/bin/env bash
# expect: pass
# why: hand rules in another order, read off the labelled incidents: a deploy with errors first, then memory slope, then CPU
set -euo pipefail
cat > /lab/classify.py <<'PY'
import argparse
import os

import numpy as np
import requests

PROM = os.environ["PROMETHEUS_URL"]


def get(q, s, e):
    r = requests.get(PROM + "/api/v1/query_range", params={"query": q, "start": s, "end": e, "step": 60}).json()
    return np.array([float(v) for _, v in r["data"]["result"][0]["values"]])


ap = argparse.ArgumentParser()
ap.add_argument("--start", type=float)
ap.add_argument("--end", type=float)
a = ap.parse_args()
sel = '{service="checkout"}'
deploys = get(f"increase(lab_deploys_total{sel}[10m])", a.start + 300, a.start + 300)[0]
errors = get(f"lab_error_ratio{sel}", a.start, a.end).mean()
mem = get(f"lab_memory_used_bytes{sel}", a.start, a.end)
slope = np.polyfit(np.arange(len(mem)), mem, 1)[0] * 60  # bytes per hour
cpu = get(f"lab_cpu_utilization{sel}", a.start, a.end).mean()
cpu_before = get(f"lab_cpu_utilization{sel}", a.start - 5400, a.start - 600).mean()
if deploys >= 0.5 and errors > 0.03:
    print("bad_deploy")
elif slope > 200e6:
    print("memory_leak")
elif cpu > cpu_before * 1.3:
    print("overload")
else:
    print("dependency_failure")
PY
