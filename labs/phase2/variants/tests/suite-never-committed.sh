#!/usr/bin/env bash
# expect: fail
# why: a suite that covers everything, run and green locally, but never committed
# include: _lib/release.sh
# include: _lib/good-tests.sh
# feedback: not committed yet: .*tests/test_inventory\.py
set -euo pipefail
python -m pytest -q >/dev/null
