#!/usr/bin/env bash
# expect: fail
# why: a few good tests of inventory/core.py only: the API (and the report) stay untested
# include: _lib/release.sh
# feedback: barely run by them: .*api\.py
set -euo pipefail
cat > tests/test_more.py <<'PY'
import pytest

from inventory.core import Inventory, StockError


def test_remove():
    inv = Inventory({"a": 3})
    assert inv.remove("a", 1) == 2
    with pytest.raises(StockError):
        inv.remove("a", 9)
PY
git add tests && git commit -q -m "test: remove()"
