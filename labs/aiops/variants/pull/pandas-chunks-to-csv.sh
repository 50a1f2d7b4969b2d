#!/usr/bin/env bash
# expect: pass
# why: requests in chunks of one day, a pandas Series, DataFrame.to_csv
set -euo pipefail
cat > /lab/fetch.py <<'PY'
import argparse
import os
import sys

import pandas as pd
import requests

URL = os.environ["PROMETHEUS_URL"] + "/api/v1/query_range"

ap = argparse.ArgumentParser()
ap.add_argument("--query")
ap.add_argument("--start", type=int)
ap.add_argument("--end", type=int)
ap.add_argument("--step", type=int)
ap.add_argument("--out")
a = ap.parse_args()
frames, labels = [], set()
t = a.start
while t <= a.end:
    e = min(t + 86400 - a.step, a.end)
    body = requests.get(URL, params={"query": a.query, "start": t, "end": e, "step": a.step}).json()
    if body["status"] != "success":
        sys.exit(print("error from Prometheus:", body["error"], file=sys.stderr) or 2)
    for r in body["data"]["result"]:
        labels.add(tuple(sorted(r["metric"].items())))
        frames.append(pd.DataFrame(r["values"], columns=["timestamp", "value"]))
    t = e + a.step
if len(labels) != 1:
    print(f"expected 1 series, got {len(labels)}", file=sys.stderr)
    sys.exit(2)
df = pd.concat(frames)
df["timestamp"] = df["timestamp"].astype(int)
df["value"] = df["value"].astype(float)
df.to_csv(a.out, index=False)
PY
