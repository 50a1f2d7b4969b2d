#!/usr/bin/env bash
# expect: fail
# why: a fresh start: main replaced by one squashed commit of today's files, the old branch and tag rewritten by filter-repo
# feedback: lost .* commits
set -euo pipefail
cd /workspace/repo
printf '%s==>REMOVED\n' "$LAB_PARAM_DB_PASSWORD" > /tmp/r.txt
git filter-repo --force --quiet --replace-text /tmp/r.txt
git checkout -q --orphan fresh main
git -c user.name=Dana -c user.email=dana@inventory.example commit -q -m "Squashed history"
git branch -M fresh main
