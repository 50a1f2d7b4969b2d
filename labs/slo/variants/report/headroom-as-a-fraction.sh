#!/usr/bin/env bash
# expect: fail
# why: gives the headroom as a fraction (-0.6) where a percentage is asked for
# feedback: headroom_pct is
# include: _lib/report.sh
set -euo pipefail
cap=$(capacity_or 28)
CAP="$cap" python3 - <<'PY'
import math, os
c, p = float(os.environ["CAP"]), int(os.environ["LAB_PARAM_PEAK_RPS"])
open("/lab/capacity/report.yaml", "w").write(
    f"capacity_rps: {c:g}\nlatency_sli_at_capacity: 0.97\nheadroom_pct: {(c - p) / p:.3f}\n"
    f"instances_for_peak: {math.ceil(p / (0.8 * c))}\n")
PY
