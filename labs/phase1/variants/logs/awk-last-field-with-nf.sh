#!/usr/bin/env bash
# expect: pass
# why: awk with $NF (quotes stripped with gsub), counts in an array, "IP<TAB>COUNT" lines
# run_in: web
set -euo pipefail
install -d /root/reports
awk '{ ip = $NF; gsub(/"/, "", ip); if (ip != "-") hits[ip]++ }
     END { for (ip in hits) print hits[ip] "\t" ip }' /var/log/nginx/access.log.1 \
  | sort -rn | head -5 | awk -F'\t' '{ print $2 "\t" $1 }' > /root/reports/top-clients.txt
