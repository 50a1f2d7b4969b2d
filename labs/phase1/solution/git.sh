#!/bin/bash
# Reference solution: run on the workstation.
set -euo pipefail
cd /root/shop-site
branch="feature/OPS-$LAB_PARAM_TICKET-maintenance-page"

[ -d .git ] || git init -q -b main
git config user.name "Pebble Ops"
git config user.email "$LAB_PARAM_GIT_EMAIL"

# The guard first, so that every commit goes through it.
cat > .git/hooks/pre-commit <<'HOOK'
#!/bin/sh
# Reject commits that add lines ending in whitespace.
if ! git diff --cached --check; then
  echo "pre-commit: trailing whitespace in the lines above; fix them and commit again" >&2
  exit 1
fi
HOOK
chmod +x .git/hooks/pre-commit

git checkout -q main 2>/dev/null || true
git add -A
git diff --cached --quiet || git commit -q -m "Import the storefront as deployed on web01"

git checkout -q "$branch" 2>/dev/null || git checkout -q -b "$branch" main
cat > maintenance.html <<'HTML'
<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Back soon - Pebble Outfitters</title></head>
<body><h1>We'll be back soon</h1><p>The shop is down for maintenance.</p></body>
</html>
HTML
git add maintenance.html
git diff --cached --quiet || git commit -q -m "OPS-$LAB_PARAM_TICKET: add a maintenance page"
git checkout -q main
git log --oneline --all
