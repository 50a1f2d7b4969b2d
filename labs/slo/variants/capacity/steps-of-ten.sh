#!/usr/bin/env bash
# expect: fail
# why: measures only every 10 requests per second, so the capacity it reports is far below the real one
# include: _lib/names.sh
# include: _lib/load.sh
# params: users=4, browse_weight=3, load_rps=15, latency_threshold_ms=400, capacity_rps=36
# feedback: too low
set -euo pipefail
best=""
for r in 10 20 30 40; do
    read -r rate sli < <(step "$r")
    holds "$sli" || break
    best="$r $sli"
done
write_capacity $best
