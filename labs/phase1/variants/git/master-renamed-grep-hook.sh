#!/usr/bin/env bash
# expect: pass
# why: git init on master, then `git branch -M main`; a POSIX sh hook that greps the staged diff for [[:space:]] at line ends
set -euo pipefail
cd /root/shop-site
git -c init.defaultBranch=master init -q
git config user.email "$LAB_PARAM_GIT_EMAIL"
git config user.name "Kim"
cat > .git/hooks/pre-commit <<'SH'
#!/bin/sh
if git diff --cached -U0 --no-color | grep -v '^+++' | grep -qE '^\+.*[[:space:]]$'; then
  echo "pre-commit: remove the trailing whitespace first" >&2
  exit 1
fi
exit 0
SH
chmod u+x .git/hooks/pre-commit
git add -A
git commit -qm "initial commit"
git branch -M main
git branch "feature/OPS-$LAB_PARAM_TICKET-maintenance-page"
git checkout -q "feature/OPS-$LAB_PARAM_TICKET-maintenance-page"
printf '<!DOCTYPE html>\n<html><head><title>Maintenance</title></head><body>Back soon</body></html>\n' > maintenance.html
git add maintenance.html
git commit -qm "feat: maintenance page"
git checkout -q main
