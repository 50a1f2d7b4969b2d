#!/usr/bin/env bash
# expect: fail
# why: the right five, but `sort -n | tail` leaves them in ascending order
# run_in: web
# feedback: busiest first
set -euo pipefail
mkdir -p /root/reports
awk -F'"' '$8 != "-" { print $8 }' /var/log/nginx/access.log.1 | sort | uniq -c | sort -n | tail -n 5 \
  > /root/reports/top-clients.txt
