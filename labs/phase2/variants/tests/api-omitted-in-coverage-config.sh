#!/usr/bin/env bash
# expect: fail
# why: tests for core only, and api.py left out of the measure with [tool.coverage.run] omit, so the local report says 100%
# include: _lib/release.sh
# feedback: must reach
set -euo pipefail
cat > tests/test_core_full.py <<'PY'
import pytest

from inventory.core import Inventory, StockError


def test_everything_in_core():
    inv = Inventory({"a": 2})
    assert inv.add("a", 1) == 3
    assert inv.remove("a", 3) == 0
    assert inv.skus() == [] and inv.total() == 0
    for bad in (lambda: inv.add("a", 0), lambda: inv.remove("a", 0), lambda: inv.remove("a", 1),
                lambda: inv.stock(None)):
        with pytest.raises(StockError):
            bad()
PY
printf '\n[tool.coverage.run]\nomit = ["inventory/api.py", "inventory/report.py"]\n' >> pyproject.toml
git add -A tests pyproject.toml && git commit -q -m "test: core; coverage config"
