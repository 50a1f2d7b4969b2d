#!/usr/bin/env bash
# expect: fail
# why: reports the latency SLI of the first step that broke the SLO (0.82) next to the capacity
# feedback: below the
set -euo pipefail
mkdir -p /lab/capacity
python3 - <<'PY'
import math, os
c, p = 28, int(os.environ["LAB_PARAM_PEAK_RPS"])
open("/lab/capacity/report.yaml", "w").write(
    f"capacity_rps: {c}\nlatency_sli_at_capacity: 0.82\nheadroom_pct: {(c - p) / p * 100:.1f}\n"
    f"instances_for_peak: {math.ceil(p / (0.8 * c))}\n")
PY
