#!/bin/bash
# Reference solution, task pipeline: lint -> test -> build on push and pull_request.
set -euo pipefail
cd "/workspace/$LAB_PARAM_REPO"
mkdir -p .github/workflows
cat > .github/workflows/ci.yml <<YML
name: CI

on:
  push:
    branches: [main]
    tags: ["v*"]
  pull_request:

jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - name: Install flake8
        run: pip install flake8
      - name: Lint
        run: flake8 .

  test:
    needs: lint
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - name: Install
        run: pip install pytest pytest-cov
      - name: Test with coverage
        run: pytest --cov=inventory --cov-report=term-missing --cov-fail-under=${LAB_PARAM_COVERAGE_MIN}

  build:
    needs: test
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - run: pip install build
      - run: python -m build
      - uses: actions/upload-artifact@v4
        with:
          name: dist
          path: dist/
YML
git add .github
git diff --cached --quiet || git commit -q -m "ci: lint, test and build on every push and pull request"
