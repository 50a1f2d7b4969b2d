#!/usr/bin/env bash
# expect: pass
# why: one test file per module, a conftest.py client fixture built on wsgiref's setup_testing_defaults, parametrized cases
# include: _lib/release.sh
set -euo pipefail
cat > tests/conftest.py <<'PY'
import io
import json
from wsgiref.util import setup_testing_defaults

import pytest

from inventory.api import make_app
from inventory.core import Inventory


@pytest.fixture
def client():
    app = make_app(Inventory({"nut": 4}))

    def call(method, path, body=None):
        raw = json.dumps(body).encode() if body is not None else b""
        environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "CONTENT_LENGTH": str(len(raw)),
                   "wsgi.input": io.BytesIO(raw)}
        setup_testing_defaults(environ)
        got = {}
        data = b"".join(app(environ, lambda status, headers: got.setdefault("status", status)))
        return int(got["status"].split()[0]), json.loads(data)

    return call
PY
cat > tests/test_api.py <<'PY'
import pytest


@pytest.mark.parametrize("method,path,body,status", [
    ("GET", "/health", None, 200),
    ("GET", "/items/nut", None, 200),
    ("GET", "/items/other", None, 404),
    ("GET", "/", None, 404),
    ("POST", "/items/nut", {"quantity": 2}, 200),
    ("POST", "/items/nut", {"quantity": -2}, 400),
    ("DELETE", "/items/nut", {"quantity": 1}, 200),
    ("DELETE", "/items/nut", {"quantity": 100}, 400),
    ("PUT", "/items/nut", None, 405),
])
def test_status(client, method, path, body, status):
    assert client(method, path, body)[0] == status
PY
cat > tests/test_core_cases.py <<'PY'
import pytest

from inventory.core import Inventory, StockError


def test_stock_flow():
    inv = Inventory()
    inv.add("a", 2)
    inv.add("b", 1)
    inv.remove("b", 1)
    assert inv.skus() == ["a"] and inv.total() == 2 and inv.stock("a") == 2


@pytest.mark.parametrize("call", [
    lambda inv: inv.add("a", 0),
    lambda inv: inv.remove("a", -1),
    lambda inv: inv.remove("a", 3),
    lambda inv: inv.stock(None),
])
def test_errors(call):
    with pytest.raises(StockError):
        call(Inventory({"a": 2}))
PY
if [ -f inventory/report.py ]; then
  cat > tests/test_report.py <<'PY'
from inventory.core import Inventory
from inventory.report import low_stock, render


def test_low_stock_and_render():
    assert render(low_stock(Inventory({"x": 2, "y": 9}), threshold=3)) == "x      2\n"
    assert render([]).startswith("every SKU")
PY
fi
git add tests/
git commit -q -m "test: API, core and report suites"
