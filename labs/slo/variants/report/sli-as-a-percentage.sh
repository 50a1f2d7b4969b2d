#!/usr/bin/env bash
# expect: fail
# why: writes the latency SLI as a percentage (97.2) where a fraction is asked for
# feedback: fraction between 0 and 1
set -euo pipefail
mkdir -p /lab/capacity
python3 - <<'PY'
import math, os
c, p = 28, int(os.environ["LAB_PARAM_PEAK_RPS"])
open("/lab/capacity/report.yaml", "w").write(
    f"capacity_rps: {c}\nlatency_sli_at_capacity: 97.2\nheadroom_pct: {(c - p) / p * 100:.1f}\n"
    f"instances_for_peak: {math.ceil(p / (0.8 * c))}\n")
PY
