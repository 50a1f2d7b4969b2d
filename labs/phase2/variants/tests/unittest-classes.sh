#!/usr/bin/env bash
# expect: pass
# why: unittest.TestCase classes in one file, run by pytest; a hand-built WSGI environ
# include: _lib/release.sh
set -euo pipefail
cat > tests/test_everything.py <<'PY'
import io
import json
import unittest

from inventory import api, core


class CoreTests(unittest.TestCase):
    def test_add_remove_stock(self):
        inv = core.Inventory()
        self.assertEqual(inv.add("x", 3), 3)
        self.assertEqual(inv.remove("x", 3), 0)
        self.assertEqual(inv.skus(), [])
        self.assertEqual(inv.total(), 0)

    def test_errors(self):
        inv = core.Inventory({"x": 1})
        with self.assertRaises(core.StockError):
            inv.add("x", -2)
        with self.assertRaises(core.StockError):
            inv.remove("x", 0)
        with self.assertRaises(core.StockError):
            inv.remove("x", 2)
        with self.assertRaises(core.StockError):
            inv.stock(None)


class ApiTests(unittest.TestCase):
    def request(self, method, path, quantity=None):
        raw = json.dumps({"quantity": quantity}).encode() if quantity is not None else b""
        env = {"REQUEST_METHOD": method, "PATH_INFO": path, "CONTENT_LENGTH": str(len(raw)),
               "wsgi.input": io.BytesIO(raw)}
        status = []
        body = b"".join(api.make_app(self.inv)(env, lambda s, h: status.append(s)))
        return int(status[0][:3]), json.loads(body)

    def setUp(self):
        self.inv = core.Inventory({"bolt": 2})

    def test_routes(self):
        self.assertEqual(self.request("GET", "/health")[0], 200)
        self.assertEqual(self.request("GET", "/items/bolt")[0], 200)
        self.assertEqual(self.request("GET", "/items/none")[0], 404)
        self.assertEqual(self.request("GET", "/x")[0], 404)
        self.assertEqual(self.request("POST", "/items/bolt", 1)[1]["quantity"], 3)
        self.assertEqual(self.request("DELETE", "/items/bolt", 3)[1]["quantity"], 0)
        self.assertEqual(self.request("DELETE", "/items/bolt", 1)[0], 400)
        self.assertEqual(self.request("PATCH", "/items/bolt")[0], 405)
PY
if [ -f inventory/report.py ]; then
  cat >> tests/test_everything.py <<'PY'


class ReportTests(unittest.TestCase):
    def test_report(self):
        from inventory import report

        rows = report.low_stock(core.Inventory({"a": 1, "b": 50}))
        self.assertEqual(rows, [("a", 1)])
        self.assertIn("a", report.render(rows))
        self.assertIn("above", report.render([]))
PY
fi
git add tests
git commit -q -m "test: cover core, api and report"
