#!/usr/bin/env bash
# expect: fail
# why: the right five in the right order, but only the addresses: the counts were cut away
# run_in: web
# feedback: should hold .* and its request count
set -euo pipefail
mkdir -p /root/reports
awk -F'"' '$8 != "-" { print $8 }' /var/log/nginx/access.log.1 | sort | uniq -c | sort -rn | head -5 \
  | awk '{ print $2 }' > /root/reports/top-clients.txt
