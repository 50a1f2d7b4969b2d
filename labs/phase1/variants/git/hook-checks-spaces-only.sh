#!/usr/bin/env bash
# expect: fail
# why: a hook that only looks for trailing spaces, not tabs
# feedback: tab
set -euo pipefail
cd /root/shop-site
branch="feature/OPS-$LAB_PARAM_TICKET-maintenance-page"
git init -q -b main
git config user.name "Sam Ops"
git config user.email "$LAB_PARAM_GIT_EMAIL"
git add -A && git commit -q -m "Import the site"
git checkout -q -b "$branch"
echo '<h1>Back soon</h1>' > maintenance.html
git add maintenance.html && git commit -q -m "OPS-$LAB_PARAM_TICKET: maintenance page"
git checkout -q main
cat > .git/hooks/pre-commit <<'SH'
#!/bin/sh
if git diff --cached | grep -q '^+.* $'; then
  echo "trailing spaces" >&2
  exit 1
fi
SH
chmod +x .git/hooks/pre-commit
