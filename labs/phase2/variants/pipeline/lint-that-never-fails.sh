#!/usr/bin/env bash
# expect: fail
# why: the lint job runs `flake8 --exit-zero` "so the pipeline stays green while we clean up"
# needs: tests, lint
# include: _lib/release.sh
# feedback: must fail when the linter finds something
set -euo pipefail
mkdir -p .github/workflows
cat > .github/workflows/ci.yml <<'YML'
on: [push, pull_request]
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: flake8 --exit-zero .
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
      - run: python -m build
YML
git add .github && git commit -q -m "ci: workflow"
