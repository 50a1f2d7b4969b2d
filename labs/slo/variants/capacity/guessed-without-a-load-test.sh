#!/usr/bin/env bash
# expect: fail
# why: writes a plausible number without ever loading the shop to it
# include: _lib/names.sh
# feedback: never saw the shop
set -euo pipefail
mkdir -p /lab/capacity
printf 'capacity_rps: 30\nlatency_sli_at_capacity: 0.96\n' > /lab/capacity/report.yaml
