#!/bin/bash
# fleet: talk to the app server's deployment agent (fleetd, $FLEET_URL, default http://apps:9000).
usage() {
  cat <<'TXT'
fleet status [NAME] [--json]   instances: address, version, state (ready/starting/stopped/crashed)
fleet releases [--json]        versions you can deploy
fleet deploy NAME VERSION      replace NAME's running version with VERSION. Returns at once:
                               the instance is unavailable (503) until the new version has warmed up
fleet stop NAME                stop NAME

The same API answers plain HTTP, for scripts in any language:
  GET  $FLEET_URL/instances            GET $FLEET_URL/instances/NAME     GET $FLEET_URL/releases
  POST $FLEET_URL/instances/NAME/deploy?version=VERSION                  POST $FLEET_URL/instances/NAME/stop
TXT
}
set -uo pipefail
url="${FLEET_URL:-http://apps:9000}"
json=no
args=()
for a in "$@"; do
  if [ "$a" = --json ]; then json=yes; else args+=("$a"); fi
done
call() {  # call METHOD PATH: the JSON answer on stdout, or the error on stderr and exit 1
  local out code
  out=$(curl -sS -m 10 -X "$1" -w '\n%{http_code}' "$url$2" 2>&1) || { echo "fleet: cannot reach fleetd at $url: ${out##*curl: }" >&2; exit 1; }
  code=${out##*$'\n'}; out=${out%$'\n'*}
  if [ "${code:0:1}" != 2 ]; then
    echo "fleet: $(jq -r '.error // empty' <<<"$out" 2>/dev/null || echo "HTTP $code")" >&2; exit 1
  fi
  printf '%s\n' "$out"
}
table='(["NAME","ADDRESS","SERVICE","VERSION","STATE"] | @tsv), (.[] | [.name, .address, .service, .version, .state] | @tsv)'
case "${args[0]:-help}:${#args[@]}" in
  status:1) out=$(call GET /instances) || exit 1
            if [ $json = yes ]; then echo "$out"; else jq -r "$table" <<<"$out" | column -t; fi ;;
  status:2) out=$(call GET "/instances/${args[1]}") || exit 1
            if [ $json = yes ]; then echo "$out"; else jq -r "[.] | $table" <<<"$out" | column -t; fi ;;
  releases:1) out=$(call GET /releases) || exit 1
            if [ $json = yes ]; then echo "$out"; else jq -r '.[]' <<<"$out"; fi ;;
  deploy:3) out=$(call POST "/instances/${args[1]}/deploy?version=${args[2]}") || exit 1
            if [ $json = yes ]; then echo "$out"; else jq -r '"\(.name): deploying \(.version) (state \(.state))"' <<<"$out"; fi ;;
  stop:2)   out=$(call POST "/instances/${args[1]}/stop") || exit 1
            if [ $json = yes ]; then echo "$out"; else jq -r '"\(.name): \(.state)"' <<<"$out"; fi ;;
  help:*|-h:*|--help:*) usage ;;
  *) echo "fleet: unknown command or wrong arguments: ${args[*]}" >&2; echo >&2; usage >&2; exit 2 ;;
esac
