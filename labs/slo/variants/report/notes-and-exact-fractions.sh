#!/usr/bin/env bash
# expect: pass
# why: Python with exact fractions, extra fields for the reader (peak, method, notes), numbers quoted as strings
set -euo pipefail
mkdir -p /lab/capacity
python3 - <<'PY'
import math, os
from fractions import Fraction

import yaml

cap, peak = Fraction(31), Fraction(int(os.environ["LAB_PARAM_PEAK_RPS"]))
report = {
    "service": os.environ["LAB_PARAM_SERVICE"],
    "capacity_rps": "31",
    "latency_sli_at_capacity": "0.951" if os.environ["LAB_PARAM_LATENCY_TARGET"] == "95" else "0.93",
    "peak_rps": int(peak),
    "headroom_pct": str(round(float((cap - peak) / peak * 100), 2)),
    "instances_for_peak": str(math.ceil(peak / (Fraction(4, 5) * cap))),
    "method": "locust steps of 2 req/s, latency SLI from Prometheus over 20 s",
    "notes": "scale out before the sale",
}
yaml.safe_dump(report, open("/lab/capacity/report.yaml", "w"), sort_keys=False)
PY
