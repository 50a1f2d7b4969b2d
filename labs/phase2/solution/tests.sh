#!/bin/bash
# Reference solution, task tests: unit tests for core and report, WSGI-level tests for the API.
set -euo pipefail
cd "/workspace/$LAB_PARAM_REPO"

cat > tests/test_core_more.py <<'PY'
import pytest

from inventory.core import Inventory, StockError


def test_add_accumulates_and_rejects_bad_quantities():
    inv = Inventory({"nut-m4": 2})
    assert inv.add("nut-m4", 3) == 5
    with pytest.raises(StockError):
        inv.add("nut-m4", 0)


def test_remove_ships_and_drops_empty_skus():
    inv = Inventory({"nut-m4": 5, "bolt": 1})
    assert inv.remove("nut-m4", 2) == 3
    assert inv.remove("bolt", 1) == 0
    assert inv.skus() == ["nut-m4"]
    assert inv.total() == 3


@pytest.mark.parametrize("quantity", [0, -1, 99])
def test_remove_rejects_impossible_quantities(quantity):
    with pytest.raises(StockError):
        Inventory({"nut-m4": 5}).remove("nut-m4", quantity)


def test_stock_of_unknown_and_missing_sku():
    inv = Inventory()
    assert inv.stock("nothing") == 0
    with pytest.raises(StockError):
        inv.stock(None)
PY

cat > tests/test_api.py <<'PY'
import io
import json
from wsgiref.util import setup_testing_defaults

from inventory.api import make_app
from inventory.core import Inventory


def call(app, method, path, body=None):
    raw = json.dumps(body).encode() if body is not None else b""
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path,
               "CONTENT_LENGTH": str(len(raw)), "wsgi.input": io.BytesIO(raw)}
    setup_testing_defaults(environ)
    seen = {}

    def start_response(status, headers):
        seen["status"] = int(status.split()[0])

    payload = b"".join(app(environ, start_response))
    return seen["status"], json.loads(payload)


def test_health():
    status, body = call(make_app(Inventory({"a": 1})), "GET", "/health")
    assert status == 200 and body["status"] == "ok"


def test_default_inventory_is_empty():
    assert call(make_app(), "GET", "/health")[1]["skus"] == 0


def test_get_known_and_unknown_sku():
    app = make_app(Inventory({"bolt": 7}))
    status, body = call(app, "GET", "/items/bolt")
    assert status == 200
    assert body in (7, {"sku": "bolt", "quantity": 7})
    assert call(app, "GET", "/items/nope")[0] in (200, 404)


def test_post_and_delete_change_stock():
    app = make_app(Inventory())
    assert call(app, "POST", "/items/bolt", {"quantity": 4}) == (200, {"sku": "bolt", "quantity": 4})
    assert call(app, "DELETE", "/items/bolt", {"quantity": 1}) == (200, {"sku": "bolt", "quantity": 3})


def test_bad_requests():
    app = make_app(Inventory())
    assert call(app, "POST", "/items/bolt", {"quantity": 0})[0] == 400
    assert call(app, "DELETE", "/items/bolt", {"quantity": 5})[0] == 400
    assert call(app, "PUT", "/items/bolt")[0] == 405
    assert call(app, "GET", "/nowhere")[0] == 404
PY

if [ -f inventory/report.py ]; then
  cat > tests/test_report.py <<'PY'
from inventory.core import Inventory
from inventory.report import low_stock, render


def test_low_stock_sorted_lowest_first():
    inv = Inventory({"a": 9, "b": 2, "c": 1})
    assert low_stock(inv, threshold=5) == [("c", 1), ("b", 2)]


def test_render():
    assert render([]) == "every SKU is above the threshold\n"
    assert render([("bolt", 2)]) == "bolt      2\n"
PY
fi

git add tests
git diff --cached --quiet || git commit -q -m "test: cover the core, the HTTP API and the report"
