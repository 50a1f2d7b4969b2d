#!/usr/bin/env bash
# expect: fail
# why: config, fixes and hook all right in the working tree, pre-commit installed, but nothing committed
# include: _lib/release.sh
# include: _lib/good-lint.sh
# feedback: not committed yet
set -euo pipefail
printf '[flake8]\nmax-line-length = 120\n' > .flake8
printf 'repos:\n  - repo: local\n    hooks:\n      - id: flake8\n        name: flake8\n        entry: flake8\n        language: system\n        types: [python]\n' > .pre-commit-config.yaml
pre-commit install >/dev/null
flake8 .
