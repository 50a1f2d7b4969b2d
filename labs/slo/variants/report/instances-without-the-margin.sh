#!/usr/bin/env bash
# expect: fail
# why: sizes the fleet at 100% of each instance's capacity, forgetting the 80% ceiling
# feedback: instances_for_peak is
set -euo pipefail
mkdir -p /lab/capacity
python3 - <<'PY'
import math, os
p = int(os.environ["LAB_PARAM_PEAK_RPS"])
c = p / 2.5   # a capacity the learner measured: the peak is 2.5 instances' worth
open("/lab/capacity/report.yaml", "w").write(
    f"capacity_rps: {c:g}\nlatency_sli_at_capacity: 0.97\nheadroom_pct: {(c - p) / p * 100:.1f}\n"
    f"instances_for_peak: {math.ceil(p / c)}\n")
PY
