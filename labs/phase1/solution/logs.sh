#!/bin/bash
# Reference solution: run on web01. Field 8 when splitting on double quotes is
# the X-Forwarded-For value; "-" marks the balancers' own health checks.
set -euo pipefail
mkdir -p /root/reports
awk -F'"' '$8 != "-" { print $8 }' /var/log/nginx/access.log.1 \
  | sort | uniq -c | sort -rn | head -5 > /root/reports/top-clients.txt
cat /root/reports/top-clients.txt
