#!/usr/bin/env bash
# expect: pass
# why: a Python hook in .git/hooks that runs `git diff --cached --check`; the feature branch made with git worktree
set -euo pipefail
cd /root/shop-site
git init -q -b main
git config --global user.email "$LAB_PARAM_GIT_EMAIL"
git config --global user.name "Pat Ops"
cat > .git/hooks/pre-commit <<'PY'
#!/usr/bin/env python3
import subprocess
import sys

check = subprocess.run(["git", "diff", "--cached", "--check"])
sys.exit(1 if check.returncode else 0)
PY
chmod +x .git/hooks/pre-commit
git add -A && git commit -q -m "Import the storefront"
git worktree add -q -b "feature/OPS-$LAB_PARAM_TICKET-maintenance-page" /root/maint main
cd /root/maint
echo '<p>Maintenance in progress.</p>' > maintenance.html
git add maintenance.html && git commit -q -m "OPS-$LAB_PARAM_TICKET: maintenance page"
