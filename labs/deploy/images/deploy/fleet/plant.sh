#!/bin/sh
# fleet-plant VERSION [PROFILE]: add a release to the app server's store (used by the checks).
# PROFILE: good (default), api500, badjson, wrongversion, unhealthy, crash, turnsbad.
set -eu
v="$1"; p="${2:-good}"
mkdir -p "/srv/releases/$v"
printf '%s\n' "$p" > "/srv/releases/$v/profile.tmp"
mv "/srv/releases/$v/profile.tmp" "/srv/releases/$v/profile"
