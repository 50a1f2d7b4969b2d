#!/usr/bin/env bash
# expect: pass
# why: the lint job runs `pre-commit run --all-files`; branch filters on both triggers; an artifact upload after the build
# needs: tests, lint
# include: _lib/release.sh
set -euo pipefail
mkdir -p .github/workflows
cat > .github/workflows/ci.yml <<YML
name: CI
on:
  push:
    branches: ["**"]
  pull_request:
    branches: [main]
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with: {python-version: "3.11"}
      - run: pip install pre-commit
      - run: pre-commit run --all-files --show-diff-on-failure
  test:
    needs: lint
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with: {python-version: "3.11"}
      - run: pip install pytest pytest-cov
      - run: pytest --cov=inventory --cov-fail-under=$LAB_PARAM_COVERAGE_MIN
  build:
    needs: test
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with: {python-version: "3.11"}
      - run: pip install build && python -m build --sdist --wheel
      - uses: actions/upload-artifact@v4
        with: {name: dist, path: dist/}
YML
git add .github/workflows/ci.yml && git commit -q -m "ci: pre-commit, tests with coverage, build"
