#!/bin/sh
# fleet-fault NAME off: disarm a `turnsbad` release on instance NAME (used by the checks).
set -eu
[ "${2:-off}" = off ] && touch "/run/fleet/disarm-$1"
