#!/usr/bin/env bash
# Make Compose v2 (`docker compose`) available as a Docker CLI plugin when it is missing.
#
# Debian bookworm has no Compose v2 (not in bookworm, bookworm-backports or PyPI); Debian
# trixie's docker-compose 2.26 package needs only libc6 >= 2.34 and its binary works as a
# CLI plugin against bookworm's engine. So: download that one .deb straight from Debian's
# archive (no apt source is added, nothing is installed over bookworm's packages), check it
# against the SHA256 pinned here (from trixie's signed Packages index), unpack the plugin
# binary and put it where the docker CLI looks:
#   root: /usr/local/lib/docker/cli-plugins   others: ~/.docker/cli-plugins
#   (COMPOSE_PLUGIN_DIR=DIR to choose; with DOCKER_CONFIG=DIR, docker looks in DIR/cli-plugins)
set -euo pipefail

log() { printf 'ensure-compose-v2: %s\n' "$*" >&2; }

VERSION=2.26.1-4
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
declare -A SHA256=(
  [amd64]=47681197cb2b1ab88206b42a1a92fc75f50d9530a6322d03494a473eed0408ea
  [arm64]=bbafaa666f3e7fa00ad36f2a8bab889f1c791ca8743d674e7267a3d07203869c
)

if docker compose version >/dev/null 2>&1; then
  log "Compose v2 is already available ($(docker compose version --short 2>/dev/null))"
  exit 0
fi

case "$(uname -m)" in
  x86_64|amd64) arch=amd64 ;;
  aarch64|arm64) arch=arm64 ;;
  *) log "no pinned Compose v2 package for $(uname -m); install the docker-compose-plugin yourself"; exit 1 ;;
esac

if [ -n "${COMPOSE_PLUGIN_DIR:-}" ]; then
  dest=$COMPOSE_PLUGIN_DIR
elif [ -n "${DOCKER_CONFIG:-}" ]; then
  dest=$DOCKER_CONFIG/cli-plugins
elif [ "$(id -u)" = 0 ]; then
  dest=/usr/local/lib/docker/cli-plugins
else
  dest=$HOME/.docker/cli-plugins
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
deb="$tmp/docker-compose_${VERSION}_${arch}.deb"
url="$MIRROR/pool/main/d/docker-compose/docker-compose_${VERSION}_${arch}.deb"
log "downloading $url"
curl -fsSL --retry 3 -o "$deb" "$url"
echo "${SHA256[$arch]}  $deb" | sha256sum -c --quiet - || { log "checksum mismatch for $url: refusing it"; exit 1; }
mkdir -p "$tmp/root"
if command -v dpkg-deb >/dev/null 2>&1; then
  dpkg-deb -x "$deb" "$tmp/root"
else  # a .deb is an ar archive holding data.tar.*
  (cd "$tmp" && ar x "$deb" && tar -C "$tmp/root" -xf data.tar.*)
fi
mkdir -p "$dest"
install -m 0755 "$tmp/root/usr/libexec/docker/cli-plugins/docker-compose" "$dest/docker-compose"
if ! DOCKER_CONFIG=${DOCKER_CONFIG:-$HOME/.docker} docker compose version >/dev/null 2>&1 && \
   ! "$dest/docker-compose" version >/dev/null 2>&1; then
  log "the plugin in $dest does not run"
  exit 1
fi
log "Compose v2 $("$dest/docker-compose" version --short) is installed as a CLI plugin in $dest"
