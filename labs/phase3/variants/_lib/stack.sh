# Shared by phase3's variants (run on the host, in the env's workspace, with its Docker engine).
project=$(sed -n 's/^COMPOSE_PROJECT_NAME=//p' .env)
image="${project%-app}/counter:1.0"
redis_image=$(docker ps -a --filter "label=io.labctl.lab=$LABCTL_LAB" --filter "label=io.labctl.env=$LABCTL_ENV" \
  --filter label=io.labctl.service=toolbox --format '{{.Image}}' | head -1)
dc() { if docker compose version >/dev/null 2>&1; then docker compose "$@"; else docker-compose "$@"; fi; }
# Images built by a variant carry the env's labels, so `labctl down` removes them.
# (Once more on failure: a build whose cached stage another env's teardown removed meanwhile.)
build() {
  local args=(-q --label "io.labctl.lab=$LABCTL_LAB" --label "io.labctl.env=$LABCTL_ENV" -t "$image" "${1:-.}")
  docker build "${args[@]}" >/dev/null 2>&1 || docker build "${args[@]}" >/dev/null
}
# Wait until web's health settles (healthy or unhealthy), at most $1 seconds (default 90).
wait_web() {
  local cid status
  for _ in $(seq 1 "${1:-90}"); do
    cid=$(dc ps -q web 2>/dev/null || true)
    status=$(docker inspect --format '{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}' "$cid" 2>/dev/null || true)
    case "$status" in healthy|unhealthy|none) return 0 ;; esac
    sleep 1
  done
}
# Apply the files as they are now: rebuild web's image (with the compose file's build settings),
# recreate what changed, wait for web.
apply() { dc up -d --build >/dev/null 2>&1 || dc up -d --build; wait_web; }
