#!/usr/bin/env bash
# expect: fail
# why: the usual connected-machine setup: the upstream github.com/PyCQA/flake8 hook repo, which cannot be fetched here
# include: _lib/release.sh
# include: _lib/good-lint.sh
# feedback: use a local hook
set -euo pipefail
printf '[flake8]\nmax-line-length = 120\n' > .flake8
cat > .pre-commit-config.yaml <<'CFG'
repos:
  - repo: https://github.com/PyCQA/flake8
    rev: 7.1.1
    hooks:
      - id: flake8
CFG
git add .flake8 .pre-commit-config.yaml inventory && git commit -q -m "style: flake8 via pre-commit"
pre-commit install >/dev/null
