#!/usr/bin/env bash
# expect: pass
# why: [flake8] in setup.cfg with extend-exclude, the code fixed with sed, a local system hook, pre-commit install
# include: _lib/release.sh
# include: _lib/good-lint.sh
set -euo pipefail
cat > setup.cfg <<'CFG'
[flake8]
max-line-length = 120
extend-exclude = .venv,build,dist
CFG
cat > .pre-commit-config.yaml <<'CFG'
repos:
  - repo: local
    hooks:
      - id: flake8
        name: flake8
        entry: flake8
        language: system
        types: [python]
CFG
pre-commit install
git add setup.cfg .pre-commit-config.yaml inventory && git commit -q -m "style: flake8 clean, checked before every commit"
