#!/usr/bin/env bash
# expect: pass
# why: identity in the global config, master renamed to main, a Python hook in a committed core.hooksPath folder, git switch
set -euo pipefail
cd /root/shop-site
git config --global user.name "Alex Ops"
git config --global user.email "$LAB_PARAM_GIT_EMAIL"
git init -q
git add -A && git commit -q -m "Initial import"
git branch -m main
mkdir -p .githooks
cat > .githooks/pre-commit <<'PY'
#!/usr/bin/env python3
# Reject staged lines that end in whitespace.
import subprocess
import sys

diff = subprocess.run(["git", "diff", "--cached", "-U0", "--no-color"],
                      capture_output=True, text=True, check=True).stdout
bad = [line for line in diff.splitlines()
       if line.startswith("+") and not line.startswith("+++") and line != line.rstrip()]
if bad:
    print("trailing whitespace in:", *bad, sep="\n  ", file=sys.stderr)
    sys.exit(1)
PY
chmod +x .githooks/pre-commit
git config core.hooksPath .githooks
git add .githooks && git commit -q -m "Add the whitespace guard"
git switch -q -c "feature/OPS-$LAB_PARAM_TICKET-maintenance-page"
printf '<!doctype html>\n<title>Maintenance</title>\n<p>Back soon.</p>\n' > maintenance.html
git add maintenance.html && git commit -q -m "Add a maintenance page"
git switch -q main
