#!/usr/bin/env bash
# expect: pass
# why: cut on double quotes, grep -v for the health checks, then sort | uniq -c | sort -rn | head
# run_in: web
set -euo pipefail
mkdir -p /root/reports
cut -d'"' -f8 /var/log/nginx/access.log.1 | grep -v '^-$' | sort | uniq -c | sort -rn | head -n 5 \
  > /root/reports/top-clients.txt
