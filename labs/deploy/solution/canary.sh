#!/usr/bin/env bash
# Reference solution of task canary: `canary PERCENT` writes the search service's upstream
# with weights (nginx's weighted round robin sends exactly PERCENT of every 100 requests to
# the canary) and reloads nginx. nginx has no weight 0: at 0% and 100% one server goes.
set -euo pipefail
cat > /deploy/bin/canary <<'EOF'
#!/usr/bin/env bash
# canary PERCENT: send PERCENT % of the search service's requests to the canary (apps:8102).
set -euo pipefail
p="${1:-}"
if ! [[ "$p" =~ ^[0-9]+$ ]] || [ "$p" -gt 100 ]; then
  echo "usage: canary PERCENT (0-100)" >&2; exit 2
fi
if [ "$p" -eq 0 ]; then
  servers="    server apps:8101;   # stable"
elif [ "$p" -eq 100 ]; then
  servers="    server apps:8102;   # canary"
else
  servers="    server apps:8101 weight=$((100 - p));   # stable
    server apps:8102 weight=$p;   # canary"
fi
conf=/deploy/nginx/search.conf
cp "$conf" /tmp/search.conf.before
cat > "$conf" <<CONF
# The search service, released as a canary: $p% of requests go to the canary (canary $p).
upstream search {
$servers
}

server {
    listen 8081;
    location / {
        proxy_pass http://search;
    }
}
CONF
if ! nginx -t -q; then
  cp /tmp/search.conf.before "$conf"
  echo "canary: nginx rejected the new configuration; nothing changed" >&2
  exit 1
fi
nginx -s reload
echo "search: $p% to the canary"
EOF
chmod +x /deploy/bin/canary
