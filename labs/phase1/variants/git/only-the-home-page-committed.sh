#!/usr/bin/env bash
# expect: fail
# why: `git add index.html` for the first commit: the rest of the site stays untracked on main
# feedback: does not hold the whole site
set -euo pipefail
cd /root/shop-site
git init -q -b main
git config user.name "Sam Ops"
git config user.email "$LAB_PARAM_GIT_EMAIL"
printf '#!/bin/sh\nexec git diff --cached --check\n' > .git/hooks/pre-commit
chmod +x .git/hooks/pre-commit
git add index.html && git commit -q -m "Import the site"
git switch -q -c "feature/OPS-$LAB_PARAM_TICKET-maintenance-page"
echo '<h1>Back soon</h1>' > maintenance.html
git add maintenance.html && git commit -q -m "OPS-$LAB_PARAM_TICKET: maintenance page"
git switch -q main
