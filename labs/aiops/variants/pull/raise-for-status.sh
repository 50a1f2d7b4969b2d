#!/usr/bin/env bash
# expect: fail
# why: resp.raise_for_status() on every call: Prometheus' 400 for bad PromQL becomes a traceback
# feedback: traceback
set -euo pipefail
cat > /lab/fetch.py <<'PY'
import argparse
import csv
import sys

import requests

ap = argparse.ArgumentParser()
for n in ("query", "out"):
    ap.add_argument("--" + n)
for n in ("start", "end", "step"):
    ap.add_argument("--" + n, type=int)
a = ap.parse_args()
series = {}
t = a.start
while t <= a.end:
    e = min(t + 9999 * a.step, a.end)
    resp = requests.get("http://prometheus:9090/api/v1/query_range",
                        params={"query": a.query, "start": t, "end": e, "step": a.step})
    resp.raise_for_status()
    for r in resp.json()["data"]["result"]:
        series.setdefault(str(r["metric"]), []).extend(r["values"])
    t = e + a.step
if len(series) != 1:
    print(f"{len(series)} series returned", file=sys.stderr)
    sys.exit(2)
with open(a.out, "w") as fh:
    w = csv.writer(fh)
    w.writerow(["timestamp", "value"])
    w.writerows(next(iter(series.values())))
PY
