#!/usr/bin/env bash
# expect: fail
# why: git filter-branch over every ref, but its refs/original/ backups left in place
# feedback: refs/original
set -euo pipefail
cd /workspace/repo
FILTER_BRANCH_SQUELCH_WARNING=1 git filter-branch -f --index-filter \
  'git rm -q --cached --ignore-unmatch config/database.ini' --tag-name-filter cat -- --all >/dev/null 2>&1
