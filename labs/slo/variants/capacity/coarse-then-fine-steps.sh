#!/usr/bin/env bash
# expect: pass
# why: climbs in steps of 8 requests per second until the SLO breaks, then again in steps of 2 from the last good rate
# include: _lib/names.sh
# include: _lib/load.sh
set -euo pipefail
best="" r=12
while :; do
    read -r rate sli < <(step "$r")
    echo "offered $r measured $rate SLI $sli"
    holds "$sli" || break
    best="$rate $sli"; good=$r; r=$((r + 8))
done
r=$((good + 2))
while [ "$r" -lt $((good + 8)) ]; do
    read -r rate sli < <(step "$r")
    echo "offered $r measured $rate SLI $sli"
    holds "$sli" || break
    best="$rate $sli"; r=$((r + 2))
done
write_capacity $best
