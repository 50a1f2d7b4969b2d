#!/usr/bin/env bash
# expect: pass
# why: does not use what it knows of the fault: looks at every machine (iptables rules, services, disk, readyz) and fixes what it finds
# params: fault=disk, link=api-cache, dependency=cache, bad_setting=name, rto_seconds=120
# include: _lib/page.sh
set -euo pipefail
for h in web api; do
  ssh -n "$h" 'iptables -S OUTPUT | grep -q -- "-j DROP" && iptables -S OUTPUT | grep -- "-j DROP" | sed "s/^-A/-D/" | xargs -L1 iptables
               iptables -t nat -S OUTPUT | grep -q REDIRECT && iptables -t nat -S OUTPUT | grep REDIRECT | sed "s/^-A/-D/" | xargs -L1 iptables -t nat
               pkill -x link-delay; true'
done
ssh -n db 'pg_isready -q || service postgresql start'
ssh -n cache 'redis-cli ping >/dev/null 2>&1 || service redis-server start'
ssh -n api '[ "$(df --output=pcent /var/lib/shop | tail -1 | tr -dc 0-9)" -lt 90 ] || { pkill -x debug-dump; find /var/lib/shop/debug -type f -delete; }'
sleep 2
if ! curl -fsS -m 20 http://api:8000/readyz; then ssh -n api 'shop-config rollback'; fi
python3 - <<'PY'
import datetime as dt, os, yaml
p = "/lab/incident/incident.yaml"
rec = (yaml.safe_load(open(p)) if os.path.exists(p) else None) or {}
rec.setdefault("timeline", [])
rec["status"] = "mitigated"
rec["timeline"].append({"time": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"), "event": "checked every machine and fixed what was broken"})
yaml.safe_dump(rec, open(p, "w"), sort_keys=False)
PY
