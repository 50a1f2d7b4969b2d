#!/usr/bin/env bash
# expect: pass
# why: defaults.run.shell, job-level env used through ${{ env.* }}, a step that writes GITHUB_ENV, build needs both jobs
# needs: tests, lint
# include: _lib/release.sh
set -euo pipefail
mkdir -p .github/workflows
cat > .github/workflows/main.yml <<'YML'
name: main
on:
  pull_request:
  push:
defaults:
  run:
    shell: bash
jobs:
  lint:
    name: Lint
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - name: flake8
        run: |
          python -m pip install flake8
          python -m flake8 --count --statistics .
  test:
    name: Test
    needs: lint
    runs-on: ubuntu-latest
    env:
      MIN_COVERAGE: 80
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - run: echo "PYTEST_ADDOPTS=-q" >> "$GITHUB_ENV"
      - run: python -m pip install pytest pytest-cov
      - run: python -m pytest --cov=inventory --cov-report=term --cov-fail-under=${{ env.MIN_COVERAGE }}
  build:
    name: Build
    needs: [lint, test]
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - run: python -m pip install build
      - run: python -m build
YML
git add .github && git commit -q -m "ci: workflow"
