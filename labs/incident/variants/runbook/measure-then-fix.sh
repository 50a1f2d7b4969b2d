#!/usr/bin/env bash
# expect: pass
# why: detects by measuring: times a request over each link, probes db and cache, reads df and readyz, then fixes only what the measurement shows
# params: fault=loss, link=api-cache, dependency=db, bad_setting=host, rto_seconds=120
set -euo pipefail
mkdir -p /lab/runbooks
cat > /lab/runbooks/remediate.sh <<'SCRIPT'
#!/bin/bash
set -u
slow() {  # slow HOST CMD: 0 if CMD fails or takes over 0.9 s twice in at most 10 tries (run on HOST)
  local n
  n=$(ssh -n "$1" "n=0; for i in 1 2 3 4 5 6 7 8 9 10; do s=\$(date +%s%N); timeout 6 $2 >/dev/null 2>&1 || n=\$((n + 1));
      [ \$(( (\$(date +%s%N) - s) / 1000000 )) -gt 900 ] && n=\$((n + 1)); [ \$n -ge 2 ] && break; done; echo \$n")
  [ "${n:-9}" -ge 2 ]
}
unlink() {  # remove fault rules on HOST
  ssh -n "$1" 'for t in filter nat; do iptables -t $t -S OUTPUT | grep -E -- "-j (DROP|REDIRECT)" | sed "s/^-A/-D/" |
               while read -r r; do iptables -t $t $r && echo "removed $t: $r"; done; done; pkill -x link-delay; true'
}
if ! ssh -n db 'pg_isready -q -t 3'; then echo "db down"; ssh -n db 'service postgresql start'; fi
if ! ssh -n cache 'redis-cli ping | grep -q PONG'; then echo "cache down"; ssh -n cache 'service redis-server start'; fi
if slow web 'curl -fsS http://api:8000/healthz'; then echo "web-api link slow"; unlink web; fi
if slow api 'pg_isready -h db -t 5' || slow api 'redis-cli -h cache ping'; then echo "api link slow"; unlink api; fi
if [ "$(ssh -n api "df --output=avail -k /var/lib/shop | tail -1")" -lt 2048 ]; then
  echo "api disk full"; ssh -n api 'fuser -k /var/lib/shop/debug/* 2>/dev/null; rm -f /var/lib/shop/debug/*'
fi
for _ in 1 2 3 4; do
  r=$(curl -s -m 20 http://api:8000/readyz)
  echo "$r" | grep -q '"db":"ok"' && echo "$r" | grep -q '"cache":"ok"' && break
  echo "api not ready ($r): rolling back its config"; ssh -n api 'shop-config rollback'
done
exit 0
SCRIPT
chmod +x /lab/runbooks/remediate.sh
