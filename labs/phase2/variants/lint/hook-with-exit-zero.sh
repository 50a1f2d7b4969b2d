#!/usr/bin/env bash
# expect: fail
# why: the code is fixed, but the hook runs `flake8 --exit-zero` "so it never blocks anyone"
# include: _lib/release.sh
# include: _lib/good-lint.sh
# feedback: still passes
set -euo pipefail
printf '[flake8]\nmax-line-length = 120\n' > .flake8
printf 'repos:\n  - repo: local\n    hooks:\n      - id: flake8\n        name: flake8\n        entry: flake8 --exit-zero\n        language: system\n        types: [python]\n' > .pre-commit-config.yaml
pre-commit install >/dev/null
git add .flake8 .pre-commit-config.yaml inventory && git commit -q -m "style: flake8"
