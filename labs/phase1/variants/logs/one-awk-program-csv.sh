#!/usr/bin/env bash
# expect: pass
# why: one awk program counting the last quoted field, "ip,count" with a header line
# run_in: web
set -euo pipefail
mkdir -p /root/reports
awk -F'"' '$8 != "-" { n[$8]++ } END { for (ip in n) printf "%s,%d\n", ip, n[ip] }' /var/log/nginx/access.log.1 \
  | sort -t, -k2,2nr | head -n 5 | sed '1i client,requests' > /root/reports/top-clients.txt
