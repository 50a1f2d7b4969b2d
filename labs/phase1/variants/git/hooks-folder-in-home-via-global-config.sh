#!/usr/bin/env bash
# expect: pass
# why: identity in the repository's config; the hook in ~/.githooks set as core.hooksPath in the global config; git checkout -b
set -euo pipefail
mkdir -p ~/.githooks
cat > ~/.githooks/pre-commit <<'SH'
#!/bin/bash
# refuse commits that add trailing whitespace (git's own check)
git diff --cached --check || { echo "commit refused: trailing whitespace" >&2; exit 1; }
SH
chmod 755 ~/.githooks/pre-commit
git config --global core.hooksPath '~/.githooks'
cd ~/shop-site
git init -q --initial-branch=main
git config user.email "$LAB_PARAM_GIT_EMAIL"
git config user.name "Robin Ops"
git add .
git commit -q -m "Site as deployed"
git checkout -q -b "feature/OPS-$LAB_PARAM_TICKET-maintenance-page"
echo "<html><body><h1>Down for maintenance</h1></body></html>" > maintenance.html
git add maintenance.html
git commit -q -m "Maintenance page (OPS-$LAB_PARAM_TICKET)"
git checkout -q main
