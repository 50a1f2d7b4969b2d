#!/usr/bin/env bash
# Reference solution of task record: promote (tasks smoke and rollback) appends a line to
# /deploy/releases.log whenever a version goes live: after its watch passed, and when a
# rollback brings the last good version back. A stopped release gets a # comment.
set -euo pipefail
cat > /deploy/bin/promote <<'EOF'
#!/usr/bin/env bash
# promote VERSION: blue-green release of the shop, gated by the smoke test, watched after
# the switch, rolled back automatically, and recorded in /deploy/releases.log.
set -euo pipefail
version="${1:?usage: promote VERSION}"
watch="${WATCH_SECONDS:-4}"; max_pct="${MAX_ERROR_PCT:-2}"
who="${DEPLOYER:-$(id -un)}"
log=/deploy/releases.log
record() { printf '%s %s %s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$1" "$who" "$2" >> "$log"; }
declare -A port=([blue]=8001 [green]=8002)
current=$(curl -fsS -m 5 http://127.0.0.1:8080/)
live=$(jq -r .instance <<<"$current"); previous=$(jq -r .version <<<"$current")
case "$live" in blue) idle=green ;; green) idle=blue ;; *) echo "promote: cannot tell the live color ($live)" >&2; exit 1 ;; esac
url="http://apps:${port[$idle]}"
echo "promote: $live is live ($previous); deploying $version to $idle"
fleet deploy "$idle" "$version"
for _ in $(seq 60); do curl -fs -m 2 -o /dev/null "$url/healthz" && break; sleep 0.5; done
if ! smoke-test "$url" "$version"; then
  echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $version stopped by its smoke test ($who); $previous stays live" >> "$log"
  echo "promote: $version failed its smoke test; the shop stays on $live" >&2
  exit 1
fi
switch "$idle"
total=0; failed=0
deadline=$(( $(date +%s%N) + watch * 1000000000 ))
while [ "$(date +%s%N)" -lt "$deadline" ]; do
  code=$(curl -s -m 2 -o /dev/null -w '%{http_code}' http://127.0.0.1:8080/ || true)
  total=$((total + 1))
  [ "$code" = 200 ] || failed=$((failed + 1))
  sleep 0.1
done
if [ $((failed * 100)) -gt $((max_pct * total)) ]; then
  echo "promote: $failed of $total requests failed on $version; rolling back to $live" >&2
  switch "$live"
  record "$previous" "rollback: $version failed $failed of $total requests"
  exit 2
fi
record "$version" "promoted on $idle"
echo "promote: $version is live on $idle ($failed of $total requests failed while watching)"
EOF
chmod +x /deploy/bin/promote
