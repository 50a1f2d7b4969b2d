#!/usr/bin/env bash
# expect: pass
# why: RFC 3339 times in the API calls, overlapping 6-hour chunks de-duplicated through a dict, a custom exception
set -euo pipefail
cat > /lab/fetch.py <<'PY'
import argparse
import csv
import sys
from datetime import datetime, timezone

import requests


class PromError(Exception):
    pass


def rfc3339(t):
    return datetime.fromtimestamp(t, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def fetch(query, start, end, step):
    samples, series = {}, set()
    t = start
    while t <= end:
        e = min(t + 6 * 3600, end)
        r = requests.get("http://prometheus:9090/api/v1/query_range",
                         params={"query": query, "start": rfc3339(t), "end": rfc3339(e), "step": f"{step}s"})
        body = r.json()
        if body["status"] == "error":
            raise PromError(body["error"])
        for s in body["data"]["result"]:
            series.add(str(sorted(s["metric"].items())))
            for ts, v in s["values"]:
                samples[ts] = v
        t = e
        if e == end:
            break
    if len(series) != 1:
        raise PromError(f"{len(series)} series returned, expected exactly one")
    return sorted(samples.items())


ap = argparse.ArgumentParser()
ap.add_argument("--query", required=True)
ap.add_argument("--start", type=int, required=True)
ap.add_argument("--end", type=int, required=True)
ap.add_argument("--step", type=int, default=60)
ap.add_argument("--out", required=True)
args = ap.parse_args()
try:
    rows = fetch(args.query, args.start, args.end, args.step)
except PromError as exc:
    print(f"error: {exc}", file=sys.stderr)
    sys.exit(2)
with open(args.out, "w") as fh:
    writer = csv.writer(fh)
    writer.writerow(["timestamp", "value"])
    for ts, v in rows:
        writer.writerow([int(ts), v])
PY
