#!/usr/bin/env bash
# expect: pass
# why: silences the shop's alerts while working (to stop the pages), fixes the cause, then expires the silence and records it
# params: fault=dependency, link=api-db, dependency=db, bad_setting=name, rto_seconds=120
# include: _lib/page.sh
set -euo pipefail
AM=--alertmanager.url=http://alertmanager:9093
sid=$(amtool silence add service=shop --duration=30m --comment="on-call working on it" --author=on-call $AM)
echo "silence $sid"
link="$LAB_PARAM_LINK"; src=${link%-*}
case "$LAB_PARAM_FAULT" in
  latency) ssh -n "$src" 'iptables -t nat -S OUTPUT | grep -- "-j REDIRECT" | sed "s/^-A/-D/" | while read -r r; do iptables -t nat $r; done' ;;
  loss) ssh -n "$src" 'iptables -F OUTPUT' ;;
  dependency) if [ "$LAB_PARAM_DEPENDENCY" = db ]; then ssh -n db 'service postgresql restart || service postgresql start'
              else ssh -n cache 'service redis-server restart'; fi ;;
  disk) ssh -n api 'kill $(lsof -t /var/lib/shop/debug/* 2>/dev/null) 2>/dev/null || pkill -x debug-dump; sleep 1; rm -f /var/lib/shop/debug/*' ;;
  config) ssh -n api 'shop-config rollback 002' ;;
esac
sleep 5
amtool silence expire "$sid" $AM
python3 - <<'PY'
import datetime as dt, os, yaml
p = "/lab/incident/incident.yaml"
rec = (yaml.safe_load(open(p)) if os.path.exists(p) else None) or {}
rec.setdefault("timeline", [])
now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
rec["status"] = "resolved"
rec["timeline"] += [{"time": now, "event": "fixed; silence expired"}]
yaml.safe_dump(rec, open(p, "w"), sort_keys=False)
PY
