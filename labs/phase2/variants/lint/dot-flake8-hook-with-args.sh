#!/usr/bin/env bash
# expect: pass
# why: .flake8 with per-file settings left at defaults, a local hook named "lint" with args: [--count], pre-commit install --install-hooks
# include: _lib/release.sh
# include: _lib/good-lint.sh
set -euo pipefail
printf '[flake8]\nmax-line-length = 110\nexclude =\n    .git,\n    .venv,\n    build,\n    dist\n' > .flake8
cat > .pre-commit-config.yaml <<'CFG'
repos:
  - repo: local
    hooks:
      - id: lint
        name: lint python with flake8
        entry: flake8
        args: [--count]
        language: system
        types_or: [python, pyi]
CFG
pre-commit validate-config .pre-commit-config.yaml
pre-commit install --install-hooks
git add .flake8 .pre-commit-config.yaml inventory
git commit -q -m "style: fix flake8 findings; run flake8 before every commit"
