#!/usr/bin/env bash
# expect: fail
# why: counts the first field, which is the load balancer
# run_in: web
# feedback: load balancer
set -euo pipefail
mkdir -p /root/reports
awk '{ print $1 }' /var/log/nginx/access.log.1 | sort | uniq -c | sort -rn | head -n 5 > /root/reports/top-clients.txt
