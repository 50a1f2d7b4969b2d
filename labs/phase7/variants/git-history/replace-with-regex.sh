#!/usr/bin/env bash
# expect: pass
# why: filter-repo --replace-text with a regex rule that blanks the whole password line, then reflogs expired and gc
set -euo pipefail
cd /workspace/repo
printf 'regex:password\\s*=\\s*\\S+==>password = CHANGE-ME\n' > /tmp/rules.txt
git filter-repo --force --quiet --replace-text /tmp/rules.txt
git reflog expire --expire=now --all && git gc --quiet --prune=now
! git grep -q -F "$LAB_PARAM_DB_PASSWORD" $(git rev-list --all)
