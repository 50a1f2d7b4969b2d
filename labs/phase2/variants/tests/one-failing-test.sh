#!/usr/bin/env bash
# expect: fail
# why: good coverage, but one assertion expects the wrong stock after a removal, so the suite is red
# include: _lib/release.sh
# include: _lib/good-tests.sh
# feedback: suite must pass, but pytest exited with code 1
set -euo pipefail
sed -i 's/assert inv.remove("a", 5) == 0/assert inv.remove("a", 5) == 1/' tests/test_inventory.py
git add tests && git commit -q -m "test: cover the package"
