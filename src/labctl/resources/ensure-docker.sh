#!/usr/bin/env bash
# Make sure a Docker engine answers, starting one if we can.
#
# - `docker info` works: do nothing (never touch a working engine).
# - root on Debian/Ubuntu with no engine: install Debian's docker.io and
#   docker-compose (v1), start dockerd in the background with flags known to work
#   on the CI machines (overlay2, default iptables: isolation between networks
#   depends on it), and wait until it answers.
# - anywhere else: say what to install and exit 1.
set -euo pipefail

log() { printf 'ensure-docker: %s\n' "$*" >&2; }

engine_answers() { docker info >/dev/null 2>&1; }

if command -v docker >/dev/null 2>&1 && engine_answers; then
  log "engine already running ($(docker info --format '{{.ServerVersion}}' 2>/dev/null))"
  # The tests run the core of the compose lifecycle on Compose v1 too: add it where we can.
  if ! command -v docker-compose >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing docker-compose (Compose v1) with apt-get"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-compose >/dev/null \
      || { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
           --no-install-recommends docker-compose >/dev/null; }
  fi
  exit 0
fi

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  log "no Docker engine is reachable."
  log "Install Docker (https://docs.docker.com/engine/install/) and start it, then re-run."
  exit 1
fi

need=()
command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
# Compose v1 (deprecated, still supported: CI runs the core of the tests on it); Compose v2
# comes from ensure-compose-v2.sh (`make compose-v2`), since bookworm does not package it.
command -v docker-compose >/dev/null 2>&1 || need+=(docker-compose)
command -v debootstrap >/dev/null 2>&1 || need+=(debootstrap)
command -v ssh >/dev/null 2>&1 || need+=(openssh-client)
if [ "${#need[@]}" -gt 0 ]; then
  log "installing ${need[*]} with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

if ! pgrep -x dockerd >/dev/null 2>&1; then
  log "starting dockerd in the background (log: /var/log/labctl-dockerd.log)"
  # No systemd here: run it ourselves. Keep iptables on (the default): without it
  # traffic between user networks is routed and lab isolation is gone.
  nohup dockerd --storage-driver=overlay2 >/var/log/labctl-dockerd.log 2>&1 &
fi

for _ in $(seq 1 60); do
  if engine_answers; then
    log "engine is up ($(docker info --format '{{.ServerVersion}}'))"
    exit 0
  fi
  sleep 1
done
log "dockerd did not answer within 60 s; see /var/log/labctl-dockerd.log:"
tail -n 20 /var/log/labctl-dockerd.log >&2 || true
exit 1
