#!/usr/bin/env bash
# expect: fail
# why: the password "removed" by a new commit on every branch: the old commits still have it
# feedback: still in commit
set -euo pipefail
cd /workspace/repo
for b in main release/1.x; do
  git checkout -q "$b"
  if [ -f config/database.ini ]; then
    git rm -q config/database.ini
    git -c user.name=Dana -c user.email=dana@inventory.example commit -q -m "Remove the database password"
  fi
done
git checkout -q main
