#!/usr/bin/env bash
# expect: pass
# why: a one-line YAML flow mapping, the headroom written with a percent sign, the capacity as a float
set -euo pipefail
mkdir -p /lab/capacity
read -r headroom instances < <(python3 -c "
import math
c, p = 33.5, $LAB_PARAM_PEAK_RPS
print(f'{(c - p) / p * 100:.0f}%', math.ceil(p / (0.8 * c)))")
echo "{capacity_rps: 33.5, latency_sli_at_capacity: 0.958, headroom_pct: '$headroom', instances_for_peak: $instances}" \
    > /lab/capacity/report.yaml
