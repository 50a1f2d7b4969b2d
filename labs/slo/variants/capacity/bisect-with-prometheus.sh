#!/usr/bin/env bash
# expect: pass
# why: one locust run per rate, the SLI read from Prometheus over each step's last 8 s, doubling then bisecting
# include: _lib/names.sh
# include: _lib/load.sh
set -euo pipefail
good=0 bad=0 best=""
r=12
while [ "$bad" = 0 ]; do
    read -r rate sli < <(step "$r")
    echo "offered $r measured $rate SLI $sli"
    if holds "$sli"; then good=$r; best="$rate $sli"; r=$((r * 2)); else bad=$r; fi
done
while [ $((bad - good)) -gt 2 ]; do
    mid=$(((good + bad) / 2))
    read -r rate sli < <(step "$mid")
    echo "offered $mid measured $rate SLI $sli"
    if holds "$sli"; then good=$mid; best="$rate $sli"; else bad=$mid; fi
done
write_capacity $best
