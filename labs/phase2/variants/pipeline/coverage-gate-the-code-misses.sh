#!/usr/bin/env bash
# expect: fail
# why: the test job demands 100% coverage, which the suite does not reach: the pipeline is red
# needs: tests, lint
# include: _lib/release.sh
# feedback: job test failed in a clean runner
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
      - run: pip install pytest pytest-cov
      - run: pytest --cov=inventory --cov-fail-under=100
  build:
    needs: test
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: python -m build
YML
git add .github && git commit -q -m "ci: workflow"
