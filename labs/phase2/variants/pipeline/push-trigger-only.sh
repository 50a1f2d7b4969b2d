#!/usr/bin/env bash
# expect: fail
# why: triggered on push to main only: pull requests are never checked
# needs: tests, lint
# include: _lib/release.sh
# feedback: missing pull_request
set -euo pipefail
mkdir -p .github/workflows
cat > .github/workflows/ci.yml <<'YML'
on:
  push:
    branches: [main]
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
      - run: python -m pytest -q --cov=inventory
  build:
    needs: test
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: python -m build
YML
git add .github && git commit -q -m "ci: workflow"
