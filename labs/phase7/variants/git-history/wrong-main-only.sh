#!/usr/bin/env bash
# expect: fail
# why: only main rewritten (`--refs main`): release/1.x and the v1.0.0 tag still carry the password
# feedback: release/1.x|v1.0.0
set -euo pipefail
cd /workspace/repo
printf '%s==>REMOVED\n' "$LAB_PARAM_DB_PASSWORD" > /tmp/r.txt
git filter-repo --force --quiet --refs main --replace-text /tmp/r.txt
