#!/usr/bin/env bash
# expect: fail
# why: commits with GIT_AUTHOR_EMAIL/GIT_COMMITTER_EMAIL exported in the shell; nothing in the Git config
# feedback: git config user.email
set -euo pipefail
export GIT_AUTHOR_NAME="Sam Ops" GIT_COMMITTER_NAME="Sam Ops"
export GIT_AUTHOR_EMAIL="$LAB_PARAM_GIT_EMAIL" GIT_COMMITTER_EMAIL="$LAB_PARAM_GIT_EMAIL"
cd /root/shop-site
git init -q -b main
printf '#!/bin/sh\nexec git diff --cached --check\n' > .git/hooks/pre-commit
chmod +x .git/hooks/pre-commit
git add -A && git commit -q -m "Import the site"
git switch -q -c "feature/OPS-$LAB_PARAM_TICKET-maintenance-page"
echo '<h1>Back soon</h1>' > maintenance.html
git add maintenance.html && git commit -q -m "OPS-$LAB_PARAM_TICKET: maintenance page"
git switch -q main
