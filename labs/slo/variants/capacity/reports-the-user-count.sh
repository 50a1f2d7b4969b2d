#!/usr/bin/env bash
# expect: fail
# why: finds the knee with 10 Locust users and writes down the number of users instead of the request rate
# include: _lib/names.sh
# feedback: too low
set -euo pipefail
mkdir -p /lab/capacity
printf 'capacity_rps: 10   # users\nlatency_sli_at_capacity: 0.97\n' > /lab/capacity/report.yaml
