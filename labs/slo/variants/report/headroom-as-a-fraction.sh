#!/usr/bin/env bash
# expect: fail
# why: gives the headroom as a fraction (-0.6) where a percentage is asked for
# feedback: headroom_pct is
set -euo pipefail
mkdir -p /lab/capacity
python3 - <<'PY'
import math, os
c, p = 28, int(os.environ["LAB_PARAM_PEAK_RPS"])
open("/lab/capacity/report.yaml", "w").write(
    f"capacity_rps: {c}\nlatency_sli_at_capacity: 0.97\nheadroom_pct: {(c - p) / p:.3f}\n"
    f"instances_for_peak: {math.ceil(p / (0.8 * c))}\n")
PY
