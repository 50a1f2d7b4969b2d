#!/bin/bash
# Reference solution of task harden (runs on the host, cwd = the env's workspace):
# non-root user, read-only root filesystem with a tmpfs for /tmp, no capabilities,
# no-new-privileges; then re-create the service.
set -euo pipefail

# Insert a block of YAML under services.api unless its key is already there.
add_to_api() {
  python3 - "$1" "$2" <<'PY'
import re, sys
key, block = sys.argv[1], sys.argv[2]
text = open("compose.yaml").read()
if not re.search(rf"^    {re.escape(key)}:", text, re.M):
    text = text.replace("\n  api:\n", "\n  api:\n" + block.rstrip("\n") + "\n", 1)
    open("compose.yaml", "w").write(text)
PY
}

add_to_api user '    user: "10001:10001"'
add_to_api read_only '    read_only: true'
add_to_api tmpfs '    tmpfs: [/tmp]'
add_to_api cap_drop '    cap_drop: [ALL]'
add_to_api security_opt '    security_opt: ["no-new-privileges:true"]'

if docker compose version >/dev/null 2>&1; then compose=(docker compose); else compose=(docker-compose); fi
"${compose[@]}" up -d --build 2>&1 | tail -n 5
