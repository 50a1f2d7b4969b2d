#!/usr/bin/env bash
# expect: fail
# why: the three jobs with no needs: they all start at once, a failing lint stops nothing
# needs: tests, lint
# include: _lib/release.sh
# feedback: must wait for lint
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
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: python -m pytest -q --cov=inventory --cov-fail-under=80
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: python -m build
YML
git add .github && git commit -q -m "ci: workflow"
