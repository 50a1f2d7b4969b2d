#!/bin/bash
# Reference solution: query_range in chunks of at most 10,000 steps, one series, a CSV.
set -euo pipefail
cat > /lab/fetch.py <<'PY'
#!/usr/bin/env python3
"""fetch.py: one Prometheus series over a range, as CSV (timestamp,value), any length."""

from __future__ import annotations

import argparse
import csv
import os
import sys

import requests

PROM = os.environ.get("PROMETHEUS_URL", "http://prometheus:9090")
MAX_STEPS = 10_000  # Prometheus refuses more than 11,000 points per series


class FetchError(Exception):
    pass


def query_range(query: str, start: float, end: float, step: float) -> list[dict]:
    """Every series of a range query, its chunks stitched together."""
    series: dict[tuple, dict] = {}
    t = start
    while t <= end:
        chunk_end = min(t + (MAX_STEPS - 1) * step, end)
        resp = requests.get(f"{PROM}/api/v1/query_range", timeout=60,
                            params={"query": query, "start": t, "end": chunk_end, "step": step})
        body = resp.json()
        if body.get("status") != "success":
            raise FetchError(f"Prometheus rejected the query: {body.get('error', resp.status_code)}")
        for r in body["data"]["result"]:
            key = tuple(sorted(r["metric"].items()))
            series.setdefault(key, {"metric": r["metric"], "values": []})["values"] += r["values"]
        t = chunk_end + step
    return list(series.values())


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--query", required=True)
    p.add_argument("--start", type=float, required=True)
    p.add_argument("--end", type=float, required=True)
    p.add_argument("--step", type=float, default=60)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    try:
        result = query_range(a.query, a.start, a.end, a.step)
    except (FetchError, requests.RequestException) as exc:
        print(f"fetch.py: {exc}", file=sys.stderr)
        return 2
    if len(result) != 1:
        print(f"fetch.py: the query must return exactly one series; it returned {len(result)}", file=sys.stderr)
        return 2
    with open(a.out, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["timestamp", "value"])
        for t, v in result[0]["values"]:
            w.writerow([int(t) if float(t).is_integer() else t, v])
    print(f"{len(result[0]['values'])} samples -> {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
PY
cd /lab
end=$(curl -s "$PROMETHEUS_URL/api/v1/query" --data-urlencode 'query=max_over_time(lab_history_end_timestamp_seconds[11d])' | jq -r '.data.result[0].value[1]')
python3 fetch.py --query 'lab_request_latency_seconds{service="search"}' --start $((end - 864000)) --end "$end" --step 60 --out /tmp/search.csv
