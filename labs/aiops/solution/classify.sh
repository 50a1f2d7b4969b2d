#!/bin/bash
# Reference solution: features against the two hours before the incident, rules read off the
# labelled incidents.
set -euo pipefail
cat > /lab/classify.py <<'PY'
#!/usr/bin/env python3
"""classify.py: the class of a checkout incident from its signals."""

from __future__ import annotations

import argparse
import os

import numpy as np
import requests

PROM = os.environ.get("PROMETHEUS_URL", "http://prometheus:9090")
SEL = '{service="checkout"}'


def values(query: str, start: float, end: float) -> np.ndarray:
    body = requests.get(f"{PROM}/api/v1/query_range", timeout=60,
                        params={"query": query, "start": start, "end": end, "step": 60}).json()
    result = body["data"]["result"]
    return np.array([float(v) for _, v in result[0]["values"]]) if result else np.array([0.0])


def features(start: float, end: float) -> dict[str, float]:
    before = (start - 2 * 3600, start - 600)
    f = {}
    for name, metric in (("rps", "lab_requests_per_second"), ("latency", "lab_request_latency_seconds"),
                         ("cpu", "lab_cpu_utilization")):
        f[name] = values(metric + SEL, start, end).mean() / values(metric + SEL, *before).mean()
    f["errors"] = values("lab_error_ratio" + SEL, start, end).mean()
    f["memory_growth"] = values("lab_memory_used_bytes" + SEL, start, end).max() - \
        values("lab_memory_used_bytes" + SEL, *before).mean()
    deploys = values("lab_deploys_total" + SEL, start - 300, start + 300)
    f["deployed"] = float(deploys.max() > deploys.min())
    return f


def classify(f: dict[str, float]) -> str:
    if f["memory_growth"] > 300e6:
        return "memory_leak"
    if f["rps"] > 1.8:
        return "overload"
    if f["deployed"] and f["latency"] < 2:
        return "bad_deploy"
    return "dependency_failure"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--start", type=float, required=True)
    p.add_argument("--end", type=float, required=True)
    a = p.parse_args()
    print(classify(features(a.start, a.end)))


if __name__ == "__main__":
    main()
PY
cd /lab
tail -n +2 incidents/labelled.csv | while IFS=, read -r s e c; do
  echo "$c -> $(python3 classify.py --start "$s" --end "$e")"
done
