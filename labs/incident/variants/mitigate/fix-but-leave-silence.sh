#!/usr/bin/env bash
# expect: fail
# why: fixes the cause properly, but leaves the silence it added while working: the next incident would page nobody
# feedback: silence
# params: fault=dependency, link=web-api, dependency=cache, bad_setting=host, rto_seconds=120
# include: _lib/page.sh
set -euo pipefail
amtool silence add alertname=~"ShopHigh.*" --duration=6h --comment="stop paging while I fix it" --author=on-call \
  --alertmanager.url=http://alertmanager:9093
link="$LAB_PARAM_LINK"; src=${link%-*}
case "$LAB_PARAM_FAULT" in
  latency) ssh -n "$src" 'iptables -t nat -S OUTPUT | grep -- "-j REDIRECT" | sed "s/^-A/-D/" | while read -r r; do iptables -t nat $r; done; pkill -x link-delay; true' ;;
  loss) ssh -n "$src" 'iptables -S OUTPUT | grep -- "-j DROP" | sed "s/^-A/-D/" | while read -r r; do iptables $r; done' ;;
  dependency) if [ "$LAB_PARAM_DEPENDENCY" = db ]; then ssh -n db 'service postgresql start'; else ssh -n cache 'service redis-server start'; fi ;;
  disk) ssh -n api 'pkill -x debug-dump; rm -f /var/lib/shop/debug/*' ;;
  config) ssh -n api 'shop-config rollback' ;;
esac
python3 - <<'PY'
import datetime as dt, os, yaml
p = "/lab/incident/incident.yaml"
rec = (yaml.safe_load(open(p)) if os.path.exists(p) else None) or {}
rec.setdefault("timeline", [])
rec["status"] = "mitigated"
rec["timeline"].append({"time": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"), "event": "fixed"})
yaml.safe_dump(rec, open(p, "w"), sort_keys=False)
PY
