#!/usr/bin/env bash
# expect: fail
# why: reports the latency SLI of the first step that broke the SLO (0.82) next to the capacity
# feedback: below the
# include: _lib/report.sh
set -euo pipefail
cap=$(capacity_or 28)
CAP="$cap" python3 - <<'PY'
import math, os
c, p = float(os.environ["CAP"]), int(os.environ["LAB_PARAM_PEAK_RPS"])
open("/lab/capacity/report.yaml", "w").write(
    f"capacity_rps: {c:g}\nlatency_sli_at_capacity: 0.82\nheadroom_pct: {(c - p) / p * 100:.1f}\n"
    f"instances_for_peak: {math.ceil(p / (0.8 * c))}\n")
PY
