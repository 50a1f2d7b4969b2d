#!/usr/bin/env bash
# expect: pass
# why: deletes iptables rules by line number, starts the databases with their own tools (pg_ctlcluster, redis-server), truncates the dump after killing its writer with fuser, and fixes the bad release forward with a new deploy
# params: fault=config, link=api-db, dependency=db, bad_setting=host, rto_seconds=120
# include: _lib/page.sh
set -euo pipefail
link="$LAB_PARAM_LINK"; src=${link%-*}
case "$LAB_PARAM_FAULT" in
  latency)
    ssh -n "$src" 'while n=$(iptables -t nat -L OUTPUT --line-numbers -n | awk "/REDIRECT/ {print \$1; exit}"); [ -n "$n" ]; do
                     iptables -t nat -D OUTPUT "$n"; done; kill $(pgrep -x link-delay) 2>/dev/null || true' ;;
  loss)
    ssh -n "$src" 'while n=$(iptables -L OUTPUT --line-numbers -n | awk "/statistic/ {print \$1; exit}"); [ -n "$n" ]; do
                     iptables -D OUTPUT "$n"; done' ;;
  dependency)
    if [ "$LAB_PARAM_DEPENDENCY" = db ]; then ssh -n db 'pg_ctlcluster 15 main start'
    else ssh -n cache 'redis-server /etc/redis/redis.conf'; fi ;;
  disk)
    ssh -n api 'for f in /var/lib/shop/debug/*; do fuser -k "$f" || true; : > "$f"; rm -f "$f"; done; df -h /var/lib/shop' ;;
  config)
    ssh -n api 'shop-config deploy -m "fix forward: database back to db:5432/shop" --set database.host=db --set database.port=5432 --set database.name=shop' ;;
esac
python3 - <<'PY'
import datetime as dt, os, yaml
p = "/lab/incident/incident.yaml"
rec = (yaml.safe_load(open(p)) if os.path.exists(p) else None) or {}
rec.setdefault("timeline", [])
rec["status"] = "mitigated"
rec["timeline"].append({"time": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"), "event": "fix applied on the faulty component"})
yaml.safe_dump(rec, open(p, "w"), sort_keys=False)
PY
