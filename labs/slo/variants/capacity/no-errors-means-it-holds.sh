#!/usr/bin/env bash
# expect: fail
# why: pushes the shop to 55 requests per second, sees no errors and reports that as the capacity, ignoring the latency SLO
# include: _lib/names.sh
# include: _lib/load.sh
# feedback: too high
set -euo pipefail
read -r rate sli < <(step 55)
errors=$(promq "sum(rate(${S}_http_requests_total{code=~\"5..\"}[8s]))")
echo "measured $rate/s, errors $errors/s"
write_capacity "$rate" 0.99
