#!/usr/bin/env bash
# expect: fail
# why: main rewritten, and the rest "solved" by deleting the release branch and its tag
# feedback: release/1.x
set -euo pipefail
cd /workspace/repo
printf '%s==>REMOVED\n' "$LAB_PARAM_DB_PASSWORD" > /tmp/r.txt
git filter-repo --force --quiet --refs main --replace-text /tmp/r.txt
git branch -D release/1.x >/dev/null
git tag -d v1.0.0 >/dev/null
