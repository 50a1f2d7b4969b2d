#!/usr/bin/env bash
# expect: fail
# why: the right hook, written with an editor and never chmod +x'ed
# feedback: not executable
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
printf '#!/bin/sh\nexec git diff --cached --check\n' > .git/hooks/pre-commit
chmod 0644 .git/hooks/pre-commit
