#!/bin/bash
# The lab's OpenBao server: a dev server (in memory, unsealed, KV v2 at secret/) whose root
# token is this env's parameter, listening on the lab network. Its state lives only as long
# as the container: `labctl reset` starts it empty.
set -euo pipefail
: "${BAO_ROOT_TOKEN:?BAO_ROOT_TOKEN must be set}"
exec bao server -dev -dev-root-token-id="$BAO_ROOT_TOKEN" -dev-listen-address=0.0.0.0:8200
