#!/bin/bash
# Reference solution of task git-history (in the toolbox): replace the password
# with a placeholder in every commit of every branch and tag.
set -euo pipefail
cd /workspace/repo
printf '%s==>***REMOVED***\n' "$LAB_PARAM_DB_PASSWORD" > /tmp/replace.txt
git filter-repo --force --quiet --replace-text /tmp/replace.txt
rm -f /tmp/replace.txt
if git grep -q -F "$LAB_PARAM_DB_PASSWORD" $(git rev-list --all); then
  echo "the password is still in the history" >&2
  exit 1
fi
