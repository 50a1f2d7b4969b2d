#!/usr/bin/env bash
# expect: pass
# why: a quoted "on" with a list of triggers, a Python matrix, requirements-dev.txt, needs: [lint], a workflow-level env
# needs: tests, lint
# include: _lib/release.sh
set -euo pipefail
printf 'pytest\npytest-cov\nflake8\n' > requirements-dev.txt
mkdir -p .github/workflows
cat > .github/workflows/pipeline.yaml <<'YML'
name: pipeline
"on": [push, pull_request]
env:
  COVERAGE_MIN: "80"
jobs:
  lint:
    runs-on: ubuntu-22.04
    steps:
      - uses: actions/checkout@v4
      - run: |
          python -m pip install -r requirements-dev.txt
          flake8
  test:
    runs-on: ubuntu-22.04
    needs: [lint]
    strategy:
      matrix:
        python-version: ["3.11", "3.12"]
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: ${{ matrix.python-version }}
      - name: deps
        run: python -m pip install -r requirements-dev.txt && pip install -e .
      - name: tests
        run: |
          echo "python ${{ matrix.python-version }} on ${{ runner.os }}"
          python -m pytest -q --cov=inventory --cov-fail-under=$COVERAGE_MIN
  build:
    runs-on: ubuntu-22.04
    needs: [lint, test]
    steps:
      - uses: actions/checkout@v4
      - run: pipx run build || python -m build
YML
git add requirements-dev.txt .github && git commit -q -m "ci: lint, test on a matrix, build"
