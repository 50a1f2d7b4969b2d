#!/usr/bin/env bash
# expect: fail
# why: chunked correctly, but when the query matches several series it quietly keeps the first
# feedback: exactly one
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
rows = []
t = a.start
while t <= a.end:
    e = min(t + 9999 * a.step, a.end)
    body = requests.get("http://prometheus:9090/api/v1/query_range",
                        params={"query": a.query, "start": t, "end": e, "step": a.step}).json()
    if body["status"] != "success":
        print("Prometheus:", body["error"], file=sys.stderr)
        sys.exit(2)
    if not body["data"]["result"]:
        print("no data (0 series)", file=sys.stderr)
        sys.exit(2)
    rows += body["data"]["result"][0]["values"]
    t = e + a.step
with open(a.out, "w") as fh:
    w = csv.writer(fh)
    w.writerow(["timestamp", "value"])
    w.writerows(rows)
PY
