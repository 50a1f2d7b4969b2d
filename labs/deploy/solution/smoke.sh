#!/usr/bin/env bash
# Reference solution of task smoke: a smoke test in bash (curl + jq) and a promote script
# that deploys to the idle color, smoke-tests it directly and only then switches.
# Uses /deploy/bin/switch (task bluegreen).
set -euo pipefail
cat > /deploy/bin/smoke-test <<'EOF'
#!/usr/bin/env bash
# smoke-test URL VERSION: exit 0 only if the instance at URL is healthy and runs VERSION.
set -uo pipefail
url="${1:?usage: smoke-test URL VERSION}"; want="${2:?usage: smoke-test URL VERSION}"
fail() { echo "smoke test FAILED for $want at $url: $*" >&2; exit 1; }
curl -fsS -m 5 -o /dev/null "$url/healthz" || fail "/healthz does not answer 200"
body=$(curl -fsS -m 5 "$url/") || fail "/ does not answer 200"
got=$(jq -r '.version' <<<"$body" 2>/dev/null) || fail "/ does not answer JSON"
[ "$got" = "$want" ] || fail "/ reports version '$got'"
items=$(curl -fsS -m 5 "$url/api/items") || fail "/api/items does not answer 200"
jq -e 'type == "array" and length > 0' <<<"$items" >/dev/null 2>&1 || fail "/api/items is not a non-empty JSON list"
echo "smoke test passed: $url runs $want"
EOF
cat > /deploy/bin/promote <<'EOF'
#!/usr/bin/env bash
# promote VERSION: blue-green release of the shop, gated by the smoke test.
set -euo pipefail
version="${1:?usage: promote VERSION}"
declare -A port=([blue]=8001 [green]=8002)
# the live color is whatever the load balancer serves now (someone may have switched by hand)
live=$(curl -fsS -m 5 http://127.0.0.1:8080/ | jq -r .instance)
case "$live" in blue) idle=green ;; green) idle=blue ;; *) echo "promote: cannot tell the live color ($live)" >&2; exit 1 ;; esac
url="http://apps:${port[$idle]}"
echo "promote: $live is live; deploying $version to $idle"
fleet deploy "$idle" "$version"
for _ in $(seq 60); do curl -fs -m 2 -o /dev/null "$url/healthz" && break; sleep 0.5; done
if ! smoke-test "$url" "$version"; then
  echo "promote: $version failed its smoke test; the shop stays on $live" >&2
  exit 1
fi
switch "$idle"
echo "promote: $version is live on $idle"
EOF
chmod +x /deploy/bin/smoke-test /deploy/bin/promote
