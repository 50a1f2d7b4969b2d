#!/usr/bin/env bash
# expect: pass
# why: a ranked list "1. IP COUNT" made with sed to take the last quoted field and awk to number the lines
# run_in: web
set -euo pipefail
mkdir -p /root/reports
sed -E 's/.*"([^"]*)"$/\1/' /var/log/nginx/access.log.1 | grep -E '^[0-9.]+$' | sort | uniq -c | sort -k1,1nr \
  | head -5 | awk '{ printf "%d. %s %d\n", NR, $2, $1 }' > /root/reports/top-clients.txt
