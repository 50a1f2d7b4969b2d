#!/usr/bin/env bash
# expect: fail
# why: fixes the cause but never updates the incident record (status stays investigating, no entry for the fix)
# feedback: status
# params: fault=latency, link=api-db, dependency=db, bad_setting=port, rto_seconds=120
# include: _lib/page.sh
set -euo pipefail
link="$LAB_PARAM_LINK"; src=${link%-*}
case "$LAB_PARAM_FAULT" in
  latency) ssh -n "$src" 'iptables -t nat -S OUTPUT | grep -- "-j REDIRECT" | sed "s/^-A/-D/" | while read -r r; do iptables -t nat $r; done; pkill -x link-delay; true' ;;
  loss) ssh -n "$src" 'iptables -S OUTPUT | grep -- "-j DROP" | sed "s/^-A/-D/" | while read -r r; do iptables $r; done' ;;
  dependency) if [ "$LAB_PARAM_DEPENDENCY" = db ]; then ssh -n db 'service postgresql start'; else ssh -n cache 'service redis-server start'; fi ;;
  disk) ssh -n api 'pkill -x debug-dump; rm -f /var/lib/shop/debug/*' ;;
  config) ssh -n api 'shop-config rollback' ;;
esac
sed -i 's/^status: .*/status: investigating/' /lab/incident/incident.yaml
