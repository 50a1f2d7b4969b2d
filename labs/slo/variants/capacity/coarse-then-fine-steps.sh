#!/usr/bin/env bash
# expect: pass
# why: climbs in steps of 8 requests per second until the SLO breaks, lets the shop recover, then climbs again in steps of 2 from the last good rate
# include: _lib/names.sh
# include: _lib/load.sh
set -euo pipefail
best="" r=14
while [ "$r" -le 64 ]; do
    read -r rate sli < <(step "$r")
    echo "offered $r measured $rate SLI $sli"
    holds "$sli" || break
    best="$rate $sli"; good=$r; r=$((r + 8))
done
sleep 20   # the step that broke the SLO left a backlog: measure the fine steps on a recovered shop
r=$((good + 2))
while [ "$r" -lt $((good + 8)) ]; do
    read -r rate sli < <(step "$r")
    echo "offered $r measured $rate SLI $sli"
    holds "$sli" || break
    best="$rate $sli"; r=$((r + 2))
done
write_capacity $best
