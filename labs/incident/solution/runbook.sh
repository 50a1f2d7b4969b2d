#!/bin/bash
# Reference solution (runbook): install /lab/runbooks/remediate.sh.
set -euo pipefail
mkdir -p /lab/runbooks
cat > /lab/runbooks/remediate.sh <<'SCRIPT'
#!/bin/bash
# remediate.sh: find which of the shop's known faults is happening and fix it.
# Order matters: the network and the dependencies first, so that the configuration is
# judged against a working database and cache.
set -u
say() { echo "$(date -u +%H:%M:%S) $*"; }
fixed=0

# 1. links: loss is a statistic DROP rule (filter OUTPUT); latency a nat REDIRECT to a
#    delaying proxy. Delete only those rules: Docker's DNS rules live in nat OUTPUT too.
for host in web api; do
  out=$(ssh "$host" bash -s <<'SH'
n=0
while read -r rule; do iptables ${rule/#-A/-D} && n=$((n + 1)); echo "removed: iptables $rule"; done \
  < <(iptables -S OUTPUT | grep -- '-j DROP')
while read -r rule; do iptables -t nat ${rule/#-A/-D} && n=$((n + 1)); echo "removed: iptables -t nat $rule"; done \
  < <(iptables -t nat -S OUTPUT | grep -- '-j REDIRECT')
pkill -x link-delay && echo "stopped link-delay"
exit 0
SH
)
  [ -n "$out" ] && { say "link fault on $host:"; echo "$out"; fixed=1; }
done

# 2. dependencies: start what died
if ! ssh -n db 'service postgresql status' >/dev/null 2>&1; then
  say "db: PostgreSQL is down, starting it"; ssh -n db 'service postgresql start'; fixed=1
fi
if ! ssh -n cache 'service redis-server status' >/dev/null 2>&1; then
  say "cache: Redis is down, starting it"; ssh -n cache 'service redis-server start'; fixed=1
fi

# 3. api's data disk: large files outside the journal, and deleted files still held open
out=$(ssh api bash -s <<'SH'
avail=$(df --output=avail -k /var/lib/shop | tail -1)
[ "$avail" -gt 4096 ] && exit 0
echo "/var/lib/shop has ${avail} KiB free"
for f in $(find /var/lib/shop -type f -size +1M ! -path '/var/lib/shop/journal/*'); do
  echo "removing $f (held by: $(fuser "$f" 2>/dev/null))"; fuser -k -TERM "$f" >/dev/null 2>&1; rm -f "$f"
done
for pid in $(lsof -t +L1 /var/lib/shop 2>/dev/null); do echo "killing $pid: holds a deleted file"; kill "$pid"; done
sleep 1; df -h /var/lib/shop | tail -1
SH
)
[ -n "$out" ] && { say "disk:"; echo "$out"; fixed=1; }

# 4. configuration: the API cannot use a dependency that is up -> the running release is bad;
#    roll back until it can (at most 5 releases).
for _ in 1 2 3 4 5; do
  ready=$(curl -s -m 20 http://api:8000/readyz || echo '{}')
  db=$(echo "$ready" | jq -r '.db // "?"'); cache=$(echo "$ready" | jq -r '.cache // "?"')
  [ "$db" = ok ] && [ "$cache" = ok ] && break
  if [ "$db" != ok ] && ! pg_isready -q -h db -t 5; then break; fi
  say "api cannot use its dependencies (db: $db; cache: $cache) although they are up: bad config release"
  ssh -n api 'shop-config rollback --by remediate.sh'; fixed=1; sleep 1
done

[ "$fixed" = 0 ] && say "nothing to fix: the shop looks healthy"
exit 0
SCRIPT
chmod +x /lab/runbooks/remediate.sh
bash -n /lab/runbooks/remediate.sh
