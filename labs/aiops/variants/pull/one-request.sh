#!/usr/bin/env bash
# expect: fail
# why: one query_range call for the whole range: fine for a day, refused beyond 11,000 points
# feedback: 10 days at a 60 s step
set -euo pipefail
cat > /lab/fetch.py <<'PY'
import argparse
import csv
import sys

import requests

ap = argparse.ArgumentParser()
for n in ("query", "start", "end", "step", "out"):
    ap.add_argument("--" + n)
a = ap.parse_args()
body = requests.get("http://prometheus:9090/api/v1/query_range",
                    params={"query": a.query, "start": a.start, "end": a.end, "step": a.step}).json()
if body["status"] != "success":
    print(body["error"], file=sys.stderr)
    sys.exit(2)
result = body["data"]["result"]
if len(result) != 1:
    print(f"{len(result)} series", file=sys.stderr)
    sys.exit(2)
with open(a.out, "w") as fh:
    w = csv.writer(fh)
    w.writerow(["timestamp", "value"])
    w.writerows(result[0]["values"])
PY
