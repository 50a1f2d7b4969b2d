#!/usr/bin/env bash
# Reference solution of task bluegreen: `switch` rewrites the server line of the shop's
# upstream, has nginx check the result, and reloads it (a reload lets the old workers
# finish their requests while new ones take the new configuration: nothing is dropped).
set -euo pipefail
cat > /deploy/bin/switch <<'EOF'
#!/usr/bin/env bash
# switch COLOR: send every request of the shop to blue (apps:8001) or green (apps:8002).
set -euo pipefail
case "${1:-}" in
  blue)  port=8001 ;;
  green) port=8002 ;;
  *) echo "usage: switch blue|green (got '${1:-}')" >&2; exit 2 ;;
esac
conf=/deploy/nginx/shop.conf
cp "$conf" /tmp/shop.conf.before
sed -i -E "s|^([[:space:]]*server apps:)800[12];.*$|\1$port;   # $1|" "$conf"
if ! nginx -t -q; then
  cp /tmp/shop.conf.before "$conf"
  echo "switch: nginx rejected the new configuration; nothing changed" >&2
  exit 1
fi
nginx -s reload
echo "shop -> $1 (apps:$port)"
EOF
chmod +x /deploy/bin/switch
