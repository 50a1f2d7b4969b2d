#!/bin/sh
# fleet-fault NAME [on|off]: make instance NAME fail every second request (used by the checks).
set -eu
if [ "${2:-on}" = on ]; then touch "/run/fleet/fault-$1"; else rm -f "/run/fleet/fault-$1"; fi
