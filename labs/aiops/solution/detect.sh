#!/bin/bash
# Reference solution: a robust z-score against a centred 3-hour rolling median.
set -euo pipefail
cat > /lab/detect.py <<'PY'
#!/usr/bin/env python3
"""detect.py: anomalies in a service's latency, as a JSON list of {start, end}."""

from __future__ import annotations

import argparse
import json
import os
import sys

import numpy as np
import pandas as pd
import requests

PROM = os.environ.get("PROMETHEUS_URL", "http://prometheus:9090")
STEP = 60


def series(query: str, start: float, end: float, step: int = STEP) -> pd.Series:
    values = []
    t = start
    while t <= end:
        e = min(t + 9999 * step, end)
        body = requests.get(f"{PROM}/api/v1/query_range", timeout=60,
                            params={"query": query, "start": t, "end": e, "step": step}).json()
        if body.get("status") != "success":
            raise SystemExit(f"detect.py: {body.get('error')}")
        if body["data"]["result"]:
            values += body["data"]["result"][0]["values"]
        t = e + step
    idx = pd.to_datetime([float(t) for t, _ in values], unit="s")
    return pd.Series([float(v) for _, v in values], index=idx)


def flags(s: pd.Series, threshold: float = 6.0) -> pd.Series:
    """True where the value is far from the centred 3-hour median, in robust units."""
    baseline = s.rolling("180min", center=True, min_periods=10).median()
    r = s / baseline - 1
    mad = (r - r.median()).abs().median() * 1.4826
    return (r.abs() / max(mad, 1e-6)) > threshold


def intervals(flagged: pd.Series, gap: int = 5 * 60, min_points: int = 2) -> list[dict]:
    times = [int(t.timestamp()) for t in flagged.index[flagged.values]]
    out: list[list[int]] = []
    for t in times:
        if out and t - out[-1][1] <= gap:
            out[-1][1] = t
            out[-1][2] += 1
        else:
            out.append([t, t, 1])
    return [{"start": s, "end": e} for s, e, n in out if n >= min_points]


def detect(service: str, start: float, end: float) -> list[dict]:
    s = series(f'lab_request_latency_seconds{{service="{service}"}}', start, end)
    return intervals(flags(s)) if len(s) else []


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--service", required=True)
    p.add_argument("--start", type=float, required=True)
    p.add_argument("--end", type=float, required=True)
    a = p.parse_args()
    print(json.dumps(detect(a.service, a.start, a.end)))


if __name__ == "__main__":
    main()
PY
