#!/usr/bin/env bash
# expect: fail
# why: the right field, but the balancers' health checks ("-") are counted as a client
# run_in: web
# feedback: counts '-' as a client
set -euo pipefail
mkdir -p /root/reports
awk -F'"' '{ print $8 }' /var/log/nginx/access.log.1 | sort | uniq -c | sort -rn | head -5 > /root/reports/top-clients.txt
