#!/usr/bin/env bash
# expect: pass
# why: the old git filter-branch over every ref (tags too), then its refs/original backups deleted and the repo gc'ed
set -euo pipefail
cd /workspace/repo
FILTER_BRANCH_SQUELCH_WARNING=1 git filter-branch -f --index-filter \
  'git rm -q --cached --ignore-unmatch config/database.ini' --tag-name-filter cat -- --all >/dev/null 2>&1
git for-each-ref --format='%(refname)' refs/original/ | xargs -r -n1 git update-ref -d
git reflog expire --expire=now --all && git gc --quiet --prune=now
