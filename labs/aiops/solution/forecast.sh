#!/bin/bash
# Reference solution: a line through the daily means of the last three days (whole days, so
# the daily wave and nightly rotation average out; recent, so last week's cleanup does not count).
set -euo pipefail
cat > /lab/forecast.py <<'PY'
#!/usr/bin/env python3
"""forecast.py: when a volume's usage trend reaches its capacity (ISO 8601 UTC), or never."""

from __future__ import annotations

import argparse
import os
from datetime import datetime, timezone

import numpy as np
import requests

PROM = os.environ.get("PROMETHEUS_URL", "http://prometheus:9090")
DAY = 86400


def query(q: str, **params) -> list:
    body = requests.get(f"{PROM}/api/v1/{'query_range' if 'step' in params else 'query'}", timeout=60,
                        params={"query": q, **params}).json()
    return body["data"]["result"]


def last_sample(selector: str) -> float:
    return float(query("max_over_time(lab_history_end_timestamp_seconds[11d])")[0]["value"][1])


def forecast(volume: str) -> str:
    sel = f'lab_disk_used_bytes{{volume="{volume}"}}'
    end = last_sample(sel)
    rows = query(sel, start=end - 3 * DAY + 60, end=end, step=60)[0]["values"]
    t = np.array([float(x) for x, _ in rows])
    used = np.array([float(v) for _, v in rows])
    days = [(end - (k + 1) * DAY, end - k * DAY) for k in range(3)]
    x = np.array([(a + b) / 2 for a, b in days])
    y = np.array([used[(t > a) & (t <= b)].mean() for a, b in days])
    slope, intercept = np.polyfit(x, y, 1)
    capacity = float(query(f'lab_disk_capacity_bytes{{volume="{volume}"}}', start=end, end=end, step=60)[0]["values"][0][1])
    if slope <= 0:
        return "never"
    full = (capacity - intercept) / slope
    if full - end > 365 * DAY:
        return "never"
    return datetime.fromtimestamp(max(full, end), timezone.utc).isoformat()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--volume", required=True)
    print(forecast(p.parse_args().volume))


if __name__ == "__main__":
    main()
PY
cd /lab
for v in data backups logs; do echo "$v: $(python3 forecast.py --volume $v)"; done
