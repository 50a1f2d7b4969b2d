#!/usr/bin/env bash
# expect: pass
# why: Python with exact fractions, updating the report in place, extra fields for the reader, numbers quoted as strings
# include: _lib/report.sh
set -euo pipefail
python3 - <<'PY'
import math, os
from fractions import Fraction

import yaml

path = "/lab/capacity/report.yaml"
report = (yaml.safe_load(open(path)) if os.path.exists(path) else None) or {"capacity_rps": 31}
cap, peak = Fraction(str(report["capacity_rps"])), Fraction(int(os.environ["LAB_PARAM_PEAK_RPS"]))
report.update({
    "service": os.environ["LAB_PARAM_SERVICE"],
    "latency_sli_at_capacity": "0.951" if os.environ["LAB_PARAM_LATENCY_TARGET"] == "95" else "0.93",
    "peak_rps": int(peak),
    "headroom_pct": str(round(float((cap - peak) / peak * 100), 2)),
    "instances_for_peak": str(math.ceil(peak / (Fraction(4, 5) * cap))),
    "method": "locust steps of 2 req/s, latency SLI from Prometheus over 20 s",
    "notes": "scale out before the sale",
})
yaml.safe_dump(report, open(path, "w"), sort_keys=False)
PY
