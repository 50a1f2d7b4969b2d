#!/usr/bin/env bash
# expect: fail
# why: everything committed, but `pre-commit install` was never run, so commits in this clone skip the hook
# include: _lib/release.sh
# include: _lib/good-lint.sh
# feedback: pre-commit install
set -euo pipefail
printf '[flake8]\nmax-line-length = 120\n' > .flake8
printf 'repos:\n  - repo: local\n    hooks:\n      - id: flake8\n        name: flake8\n        entry: flake8\n        language: system\n        types: [python]\n' > .pre-commit-config.yaml
git add .flake8 .pre-commit-config.yaml inventory && git commit -q -m "style: flake8"
