#!/usr/bin/env bash
# expect: pass
# why: computes the derived numbers with awk from the capacity it measured (28 requests per second)
set -euo pipefail
mkdir -p /lab/capacity
cap=28 peak=$LAB_PARAM_PEAK_RPS
headroom=$(awk -v c=$cap -v p=$peak 'BEGIN { printf "%.1f", (c - p) / p * 100 }')
instances=$(awk -v c=$cap -v p=$peak 'BEGIN { n = p / (0.8 * c); i = int(n); if (i < n) i++; print i }')
cat > /lab/capacity/report.yaml <<YAML
capacity_rps: $cap
latency_sli_at_capacity: 0.962
headroom_pct: $headroom
instances_for_peak: $instances
YAML
