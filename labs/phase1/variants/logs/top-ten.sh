#!/usr/bin/env bash
# expect: fail
# why: the right pipeline with head -n 10 ("the top ten")
# run_in: web
# feedback: should list 5 clients
set -euo pipefail
mkdir -p /root/reports
awk -F'"' '$8 != "-" { print $8 }' /var/log/nginx/access.log.1 | sort | uniq -c | sort -rn | head -n 10 \
  > /root/reports/top-clients.txt
