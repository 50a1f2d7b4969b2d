#!/usr/bin/env bash
# expect: fail
# why: a hook whose test is inverted: `git diff --cached --check && exit 1`, so clean commits are refused too
# feedback: rejects every commit
set -euo pipefail
cd /root/shop-site
git init -q -b main
git config user.name "Sam Ops"
git config user.email "$LAB_PARAM_GIT_EMAIL"
git add -A && git commit -q -m "Import the site"
git switch -q -c "feature/OPS-$LAB_PARAM_TICKET-maintenance-page"
echo '<h1>Back soon</h1>' > maintenance.html
git add maintenance.html && git commit -q -m "OPS-$LAB_PARAM_TICKET: maintenance page"
git switch -q main
printf '#!/bin/sh\ngit diff --cached --check >/dev/null && exit 1\nexit 1\n' > .git/hooks/pre-commit
chmod +x .git/hooks/pre-commit
