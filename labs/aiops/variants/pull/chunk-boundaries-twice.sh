#!/usr/bin/env bash
# expect: fail
# why: chunks of 10,000 steps where each chunk starts where the previous ended, so boundary samples appear twice
# feedback: the CSV has
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
rows, n = [], 0
t = a.start
while t < a.end:
    e = min(t + 10000 * a.step, a.end)
    body = requests.get("http://prometheus:9090/api/v1/query_range",
                        params={"query": a.query, "start": t, "end": e, "step": a.step}).json()
    if body["status"] != "success":
        print(body["error"], file=sys.stderr)
        sys.exit(2)
    n = max(n, len(body["data"]["result"]))
    for r in body["data"]["result"][:1]:
        rows += r["values"]
    t = e
if n != 1:
    print(f"got {n} series", file=sys.stderr)
    sys.exit(2)
with open(a.out, "w") as fh:
    w = csv.writer(fh)
    w.writerow(["timestamp", "value"])
    w.writerows(rows)
PY
