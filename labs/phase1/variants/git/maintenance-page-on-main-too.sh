#!/usr/bin/env bash
# expect: fail
# why: the feature branch is right, but the page was also committed on main "to test it"
# feedback: main already has maintenance.html
set -euo pipefail
cd /root/shop-site
git init -q -b main
git config user.name "Sam Ops"
git config user.email "$LAB_PARAM_GIT_EMAIL"
printf '#!/bin/sh\nexec git diff --cached --check\n' > .git/hooks/pre-commit
chmod +x .git/hooks/pre-commit
git add -A && git commit -q -m "Import the site"
git switch -q -c "feature/OPS-$LAB_PARAM_TICKET-maintenance-page"
echo '<h1>Back soon</h1>' > maintenance.html
git add maintenance.html && git commit -q -m "OPS-$LAB_PARAM_TICKET: maintenance page"
git switch -q main
git checkout "feature/OPS-$LAB_PARAM_TICKET-maintenance-page" -- maintenance.html
git commit -q -m "try the maintenance page on main"
