#!/usr/bin/env bash
# expect: fail
# why: jobs that only have run: steps, as if the runner already had the code
# needs: tests, lint
# include: _lib/release.sh
# feedback: does not check the code out
set -euo pipefail
mkdir -p .github/workflows
cat > .github/workflows/ci.yml <<'YML'
on: [push, pull_request]
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - run: flake8 .
  test:
    needs: lint
    runs-on: ubuntu-latest
    steps:
      - run: python -m pytest -q --cov=inventory --cov-fail-under=80
  build:
    needs: test
    runs-on: ubuntu-latest
    steps:
      - run: python -m build
YML
git add .github && git commit -q -m "ci: workflow"
