# Shared by phase2's variants: a passing pytest suite covering the package (lint-clean).
cat > tests/test_inventory.py <<'PY'
import io
import json

import pytest

from inventory import api, core


def test_add_and_remove():
    inv = core.Inventory({"a": 2})
    assert inv.add("a", 3) == 5
    assert inv.remove("a", 5) == 0
    assert inv.skus() == [] and inv.total() == 0
    assert inv.stock("zzz") == 0


@pytest.mark.parametrize("op,qty", [("add", 0), ("remove", 0), ("remove", 9)])
def test_bad_quantities(op, qty):
    with pytest.raises(core.StockError):
        getattr(core.Inventory({"a": 1}), op)("a", qty)


def test_stock_needs_a_sku():
    with pytest.raises(core.StockError):
        core.Inventory().stock(None)


def call(app, method, path, quantity=None):
    raw = json.dumps({"quantity": quantity}).encode() if quantity is not None else b""
    env = {"REQUEST_METHOD": method, "PATH_INFO": path, "CONTENT_LENGTH": str(len(raw)),
           "wsgi.input": io.BytesIO(raw)}
    seen = []
    body = b"".join(app(env, lambda status, headers: seen.append(status)))
    return int(seen[0][:3]), json.loads(body)


def test_api():
    app = api.make_app(core.Inventory({"bolt": 2}))
    assert call(app, "GET", "/health")[0] == 200
    assert call(app, "GET", "/items/bolt")[0] == 200
    assert call(app, "GET", "/items/none")[0] == 404
    assert call(app, "GET", "/elsewhere")[0] == 404
    assert call(app, "POST", "/items/bolt", 1) == (200, {"sku": "bolt", "quantity": 3})
    assert call(app, "DELETE", "/items/bolt", 3) == (200, {"sku": "bolt", "quantity": 0})
    assert call(app, "DELETE", "/items/bolt", 1)[0] == 400
    assert call(app, "PUT", "/items/bolt")[0] == 405
    assert call(api.make_app(), "GET", "/health")[1]["skus"] == 0
PY
if [ -f inventory/report.py ]; then
  cat > tests/test_report.py <<'PY'
from inventory.core import Inventory
from inventory.report import low_stock, render


def test_report():
    rows = low_stock(Inventory({"a": 1, "b": 50}))
    assert rows == [("a", 1)]
    assert "a" in render(rows)
    assert "above" in render([])
PY
fi
