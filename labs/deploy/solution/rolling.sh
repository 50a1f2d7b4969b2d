#!/usr/bin/env bash
# Reference solution of task rolling: replicas are updated in batches of MAX_UNAVAILABLE;
# each batch is drained in nginx first (`down`, reload, and wait until the old workers, which
# may still send it requests, have exited), deployed, waited for until /healthz answers 200,
# then put back.
set -euo pipefail
cat > /deploy/bin/rolling-update <<'EOF'
#!/usr/bin/env bash
# rolling-update VERSION: update the catalog's replicas, at most MAX_UNAVAILABLE at a time.
set -euo pipefail
version="${1:?usage: rolling-update VERSION}"
n="${REPLICAS:?}"; batch="${MAX_UNAVAILABLE:?}"; FLEET_URL="${FLEET_URL:-http://apps:9000}"
conf=/deploy/nginx/catalog.conf

# write the catalog's upstream with the given replicas marked down, and reload nginx
upstream() {
  local down=" $* " i
  {
    echo "# The catalog: $n replicas, written by rolling-update."
    echo "upstream catalog {"
    for ((i = 1; i <= n; i++)); do
      if [[ "$down" == *" web$i "* ]]; then
        echo "    server apps:$((8200 + i)) down;   # web$i (draining)"
      else
        echo "    server apps:$((8200 + i));   # web$i"
      fi
    done
    echo "}"
    printf 'server {\n    listen 8082;\n    location / {\n        proxy_pass http://catalog;\n    }\n}\n'
  } > "$conf.new"
  mv "$conf.new" "$conf"
  # a reload returns at once; the change is in effect when the old workers have exited
  # (they finish the requests they have, new connections already go to the new workers)
  local old
  old=$(pgrep -f '^nginx: worker process' || true)
  nginx -t -q && nginx -s reload
  for pid in $old; do
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  done
}

wait_ready() {
  local url="http://apps:$((8200 + ${1#web}))/healthz"
  for _ in $(seq 120); do
    curl -fs -m 2 -o /dev/null "$url" && return 0
    sleep 0.25
  done
  echo "rolling-update: $1 did not become ready on $version; stopping here" >&2
  return 1
}

for ((first = 1; first <= n; first += batch)); do
  group=()
  for ((i = first; i < first + batch && i <= n; i++)); do group+=("web$i"); done
  echo "rolling-update: ${group[*]} -> $version"
  upstream "${group[@]}"
  # fleetd's API (what `fleet deploy` calls): deploy returns at once, the replica warms up
  for w in "${group[@]}"; do curl -fsS -o /dev/null -X POST "$FLEET_URL/instances/$w/deploy?version=$version"; done
  for w in "${group[@]}"; do wait_ready "$w"; done
  upstream
done
echo "rolling-update: all $n replicas run $version"
EOF
chmod +x /deploy/bin/rolling-update
