#!/usr/bin/env bash
# expect: fail
# why: doubles the rate while the mean latency (_sum / _count) stays under the threshold, instead of the share of requests within it
# include: _lib/names.sh
# include: _lib/load.sh
# feedback: too high
set -euo pipefail
mean_ok() {
    local mean
    mean=$(promq "sum(rate(${S}_http_request_duration_seconds_sum[8s])) / sum(rate(${S}_http_request_duration_seconds_count[8s]))")
    python3 -c "import sys; sys.exit(0 if float('$mean') <= $LE else 1)"
}
best=""
for r in 12 24 48; do   # doubling, as far as 48
    read -r rate sli < <(step "$r")
    mean_ok || break
    best="$rate $sli"
done
write_capacity $best
