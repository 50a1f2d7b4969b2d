#!/bin/bash
# Reference solution (mitigate): remove the cause where it sits, then update the record.
set -euo pipefail
link="$LAB_PARAM_LINK"; src=${link%-*}
case "$LAB_PARAM_FAULT" in
  latency)   # a nat REDIRECT through a delaying proxy: delete that rule only (Docker's DNS rules stay)
    ssh -n "$src" 'iptables -t nat -S OUTPUT | grep -- "-j REDIRECT" | sed "s/^-A/-D/" |
                while read -r rule; do iptables -t nat $rule; done; pkill -x link-delay || true' ;;
  loss)      # a statistic DROP rule in filter OUTPUT
    ssh -n "$src" 'iptables -S OUTPUT | grep -- "-j DROP" | sed "s/^-A/-D/" |
                while read -r rule; do iptables $rule; done' ;;
  dependency)
    if [ "$LAB_PARAM_DEPENDENCY" = db ]; then ssh -n db service postgresql start; else ssh -n cache service redis-server start; fi ;;
  disk)      # the runaway writer holds its file open: stop it, then remove the file
    ssh -n api 'pkill -x debug-dump || true; rm -f /var/lib/shop/debug/*; df -h /var/lib/shop' ;;
  config)    # roll back the bad release
    ssh -n api 'shop-config rollback --by on-call; shop-config list' ;;
esac
curl -s http://api:8000/readyz; echo
python3 - <<'PY'
import datetime as dt
import yaml
path = "/lab/incident/incident.yaml"
with open(path) as fh:
    record = yaml.safe_load(fh)
now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
record["status"] = "mitigated"
record["timeline"].append({"time": now, "event": "Fix applied; customers served again, waiting for the alerts to clear"})
with open(path, "w") as fh:
    yaml.safe_dump(record, fh, sort_keys=False)
PY
