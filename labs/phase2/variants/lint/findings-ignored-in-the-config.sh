#!/usr/bin/env bash
# expect: fail
# why: the config silences what flake8 found (extend-ignore = F401,E711, max-line-length = 200) instead of fixing it
# include: _lib/release.sh
# feedback: not ignored, excluded or silenced
set -euo pipefail
printf '[flake8]\nmax-line-length = 200\nextend-ignore = F401,E711\n' > .flake8
printf 'repos:\n  - repo: local\n    hooks:\n      - id: flake8\n        name: flake8\n        entry: flake8\n        language: system\n        types: [python]\n' > .pre-commit-config.yaml
pre-commit install >/dev/null
git add .flake8 .pre-commit-config.yaml inventory && git commit -q -m "chore: flake8"
