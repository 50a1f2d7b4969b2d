#!/usr/bin/env bash
# expect: fail
# why: the build job is a placeholder that only echoes
# needs: tests, lint
# include: _lib/release.sh
# feedback: must build the package
set -euo pipefail
mkdir -p .github/workflows
cat > .github/workflows/ci.yml <<'YML'
on: [push, pull_request]
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: flake8 .
  test:
    needs: lint
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: python -m pytest -q --cov=inventory --cov-fail-under=80
  build:
    needs: test
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: echo "TODO build the wheel"
YML
git add .github && git commit -q -m "ci: workflow"
