#!/usr/bin/env bash
# expect: fail
# why: acts on the first clue, not on the cause: kills the delay proxy but leaves its REDIRECT rule, looks for the loss in the nat table, restarts the API for a dead database, deletes the dump while its writer still holds it, reloads the API with the bad release still in place
# feedback: not healthy
# params: fault=loss, link=web-api, dependency=cache, bad_setting=port, rto_seconds=120
# include: _lib/page.sh
set -euo pipefail
link="$LAB_PARAM_LINK"; src=${link%-*}
case "$LAB_PARAM_FAULT" in
  latency) ssh -n "$src" 'pkill -x link-delay' ;;
  loss) ssh -n "$src" 'iptables -t nat -S OUTPUT | grep -- "-j REDIRECT" | sed "s/^-A/-D/" | while read -r r; do iptables -t nat $r; done; true' ;;
  dependency) ssh -n api 'service shop-api restart' ;;
  disk) ssh -n api 'rm -f /var/lib/shop/debug/*' ;;
  config) ssh -n api 'service shop-api reload' ;;
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
