#!/usr/bin/env bash
# expect: pass
# why: [flake8] in tox.ini with max-line-length = 100, the long line wrapped by hand, a hook running `python -m flake8` on *.py files
# include: _lib/release.sh
set -euo pipefail
python3 - <<'PY'
import re
from pathlib import Path

core = Path("inventory/core.py")
core.write_text(core.read_text().replace("import json\n", "", 1).replace("if sku == None:", "if sku is None:"))
api = Path("inventory/api.py")
text = api.read_text().replace("import sys\n", "", 1)
text = re.sub(r'start_response\(f"\{status\} \{reasons\[status\]\}", \[\("Content-Type", "application/json"\), ',
              'start_response(\n        f"{status} {reasons[status]}",\n        [("Content-Type", "application/json"),\n         ',
              text)
api.write_text(text)
PY
printf '[tox]\nenvlist = py311\n\n[flake8]\nmax-line-length = 100\nexclude = .git,__pycache__,.venv,build,dist\n' > tox.ini
cat > .pre-commit-config.yaml <<'CFG'
repos:
- repo: local
  hooks:
  - id: flake8-lint
    name: flake8 (python -m)
    entry: python -m flake8
    language: system
    files: \.py$
CFG
flake8 .
pre-commit install >/dev/null
git add tox.ini .pre-commit-config.yaml inventory
git commit -q -m "chore: lint with flake8 (100 columns)"
