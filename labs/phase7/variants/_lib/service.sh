# Helpers for variants that change the service (host, cwd = the workspace):
#   api_set KEY YAML      set services.api.KEY to a YAML value
#   api_del KEY           remove services.api.KEY
#   top_set KEY YAML      set a top-level key of compose.yaml
#   env_del NAME          remove NAME from services.api.environment
#   up                    docker-compose up -d --build, then wait until the app answers (and is
#                         healthy, if it has a healthcheck)
set -euo pipefail
_compose_edit() {
  python3 - "$@" <<'PY'
import sys
import yaml

op, key = sys.argv[1], sys.argv[2]
value = yaml.safe_load(sys.argv[3]) if len(sys.argv) > 3 else None
doc = yaml.safe_load(open("compose.yaml"))
api = doc["services"]["api"]
if op == "api_set":
    api[key] = value
elif op == "api_del":
    api.pop(key, None)
elif op == "top_set":
    doc[key] = value
elif op == "env_del":
    env = api.get("environment") or {}
    if isinstance(env, list):
        env = [e for e in env if not e.startswith(key + "=")]
    else:
        env.pop(key, None)
    api["environment"] = env
yaml.safe_dump(doc, open("compose.yaml", "w"), sort_keys=False)
PY
}
api_set() { _compose_edit api_set "$1" "$2"; }
api_del() { _compose_edit api_del "$1"; }
top_set() { _compose_edit top_set "$1" "$2"; }
env_del() { _compose_edit env_del "$1"; }
if docker compose version >/dev/null 2>&1; then dc() { docker compose "$@"; }; else dc() { docker-compose "$@"; }; fi
up() {
  dc up -d --build >/dev/null 2>&1 || { dc up -d --build; return 1; }
  local cid s
  cid=$(dc ps -q api)
  for _ in $(seq 90); do
    s=$(docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}' "$cid")
    if [ "$s" = healthy ]; then return 0; fi
    if [ "$s" != starting ] && docker exec "$cid" curl -fs -o /dev/null http://127.0.0.1:8080/healthz 2>/dev/null; then
      return 0
    fi
    sleep 1
  done
  echo "the api service did not come up" >&2
  return 1
}
