#!/usr/bin/env bash
# expect: fail
# why: reads today's access.log instead of yesterday's access.log.1
# run_in: web
# feedback: holds no IP addresses
set -euo pipefail
mkdir -p /root/reports
touch /var/log/nginx/access.log
awk -F'"' '$8 != "-" { print $8 }' /var/log/nginx/access.log | sort | uniq -c | sort -rn | head -5 \
  > /root/reports/top-clients.txt
