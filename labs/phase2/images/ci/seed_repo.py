#!/usr/bin/env python3
"""Seed the lab's `inventory` service repository with a realistic history.

    seed_repo.py DEST          build the repo in DEST (a non-bare clone-like repo)
    seed_repo.py --describe    print JSON about the seeded history, then forget it

Reads LAB_PREV_VERSION (e.g. 1.3.2) and LAB_BUMP (patch|minor|major) from the
environment. The history is fully deterministic (fixed authors, dates and
messages), so the workspace and the git server, each seeding its own copy,
end up with the very same commit ids: the workspace's `origin/main` really is
the server's `main`.

History: an import, a fix, the release commit tagged v<prev>, then the commits
the learner must release. Which commits follow the tag depends on LAB_BUMP:
patch -> only fixes, docs and chores; minor -> also a feat; major -> also a
breaking feat (`feat(api)!:` with a BREAKING CHANGE footer).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

AUTHORS = {
    "priya": ("Priya Raman", "priya.raman@example.com"),
    "tom": ("Tom Okafor", "tom.okafor@example.com"),
    "release": ("Release Bot", "release-bot@example.com"),
}
BASE_DAY = 6  # commits are dated 2024-05-06 onwards


# -- the service's source, as it evolves ------------------------------------


def core_py(zero_fix: bool, guard: bool) -> str:
    remove_guard = (
        "        if quantity <= 0:\n"
        "            raise StockError(f\"quantity must be positive, got {quantity}\")\n"
        if guard else ""
    )
    zero = (
        "        if self._items[sku] == 0:\n"
        "            del self._items[sku]\n"
        if zero_fix else ""
    )
    return f'''"""Stock keeping for the warehouse inventory service."""
import json


class StockError(ValueError):
    """A stock operation that cannot be done (bad quantity, not enough stock)."""


class Inventory:
    """Quantities on hand, by SKU."""

    def __init__(self, items=None):
        self._items = dict(items or {{}})

    def add(self, sku, quantity):
        """Receive `quantity` units of `sku`; returns the new stock level."""
        if quantity <= 0:
            raise StockError(f"quantity must be positive, got {{quantity}}")
        self._items[sku] = self._items.get(sku, 0) + quantity
        return self._items[sku]

    def remove(self, sku, quantity):
        """Ship `quantity` units of `sku`; returns what is left."""
{remove_guard}        available = self._items.get(sku, 0)
        if quantity > available:
            raise StockError(f"only {{available}} of {{sku}} in stock, cannot remove {{quantity}}")
        self._items[sku] = available - quantity
{zero}        return available - quantity

    def stock(self, sku):
        """Units of `sku` on hand (0 for an unknown SKU)."""
        if sku == None:
            raise StockError("a SKU is required")
        return self._items.get(sku, 0)

    def skus(self):
        """Every SKU in stock, sorted."""
        return sorted(self._items)

    def total(self):
        """Units on hand, all SKUs together."""
        return sum(self._items.values())
'''


# deliberately longer than any linter's default line length
HEADERS = '[("Content-Type", "application/json"), ' + '("Content-Length", str(len(body)))]'


def api_py(not_found: bool, json_object: bool) -> str:
    unknown = (
        "            if sku not in inventory.skus():\n"
        "                return _reply(start_response, 404, {\"error\": f\"unknown SKU {sku}\"})\n"
        if not_found else ""
    )
    body = '{"sku": sku, "quantity": inventory.stock(sku)}' if json_object else "inventory.stock(sku)"
    return f'''"""The inventory service's HTTP API (plain WSGI, no framework)."""
import json
import os
import re
import sys

from inventory.core import Inventory, StockError

ITEM_PATH = re.compile(r"^/items/(?P<sku>[A-Za-z0-9-]+)$")


def make_app(inventory=None):
    """A WSGI application serving `inventory` (a fresh, empty one by default)."""
    inventory = inventory if inventory is not None else Inventory()

    def app(environ, start_response):
        method = environ.get("REQUEST_METHOD", "GET")
        path = environ.get("PATH_INFO", "/")
        if path == "/health":
            return _reply(start_response, 200, {{"status": "ok", "skus": len(inventory.skus())}})
        match = ITEM_PATH.match(path)
        if match is None:
            return _reply(start_response, 404, {{"error": f"no route for {{path}}"}})
        sku = match["sku"]
        if method == "GET":
{unknown}            return _reply(start_response, 200, {body})
        if method in ("POST", "DELETE"):
            try:
                quantity = int(_read_json(environ).get("quantity", 0))
                if method == "POST":
                    left = inventory.add(sku, quantity)
                else:
                    left = inventory.remove(sku, quantity)
            except (StockError, ValueError) as exc:
                return _reply(start_response, 400, {{"error": str(exc)}})
            return _reply(start_response, 200, {{"sku": sku, "quantity": left}})
        return _reply(start_response, 405, {{"error": f"method {{method}} is not allowed on {{path}}"}})

    return app


def _read_json(environ):
    length = int(environ.get("CONTENT_LENGTH") or 0)
    raw = environ["wsgi.input"].read(length) if length else b""
    return json.loads(raw) if raw else {{}}


def _reply(start_response, status, payload):
    reasons = {{200: "OK", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed"}}
    body = json.dumps(payload).encode()
    start_response(f"{{status}} {{reasons[status]}}", {HEADERS})
    return [body]


def main():
    """Serve the API on $PORT (default 8000)."""
    from wsgiref.simple_server import make_server

    port = int(os.environ.get("PORT", "8000"))
    with make_server("", port, make_app()) as server:
        print(f"inventory API listening on :{{port}}")
        server.serve_forever()
'''


REPORT_PY = '''"""Low-stock report for the purchasing team."""


def low_stock(inventory, threshold=5):
    """(sku, quantity) for every SKU with fewer than `threshold` units, lowest first."""
    rows = [(sku, inventory.stock(sku)) for sku in inventory.skus()]
    return sorted((row for row in rows if row[1] < threshold), key=lambda row: (row[1], row[0]))


def render(rows):
    """The report as aligned text lines."""
    if not rows:
        return "every SKU is above the threshold\\n"
    width = max(len(sku) for sku, _ in rows)
    return "".join(f"{sku:<{width}}  {quantity:>5}\\n" for sku, quantity in rows)
'''

INIT_PY = '"""Warehouse inventory service."""\n'

TEST_CORE_PY = '''from inventory.core import Inventory


def test_add_increases_stock():
    inventory = Inventory()
    inventory.add("bolt-m4", 10)
    assert inventory.stock("bolt-m4") == 10
'''

README_MD = """# inventory

Stock levels for the warehouse, over HTTP.

## Develop

    python -m pytest            # run the tests
    PORT=8000 python -c 'from inventory.api import main; main()'
"""

README_API = """
## HTTP API

| method | path | body | answer |
|---|---|---|---|
| GET | `/health` | | `{"status": "ok", "skus": N}` |
| GET | `/items/<sku>` | | the stock of that SKU |
| POST | `/items/<sku>` | `{"quantity": N}` | receive N units |
| DELETE | `/items/<sku>` | `{"quantity": N}` | ship N units |

Errors are JSON objects with an `error` key (400 for a bad quantity, 404 for an
unknown path, 405 for another method).
"""

GITIGNORE = """__pycache__/
*.py[cod]
.venv/
build/
dist/
*.egg-info/
.coverage
.pytest_cache/
"""

GITIGNORE_EDITORS = """*~
*.swp
.idea/
.vscode/
"""


def pyproject(version: str) -> str:
    return f'''[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "inventory-service"
version = "{version}"
description = "Stock levels for the warehouse, over HTTP"
requires-python = ">=3.9"

[project.scripts]
inventory-api = "inventory.api:main"

[tool.setuptools]
packages = ["inventory"]

[tool.pytest.ini_options]
testpaths = ["tests"]
pythonpath = ["."]
'''


def changelog(version: str, date: str) -> str:
    return f"""# Changelog

All notable changes to this project are documented here, newest first. Versions
follow [Semantic Versioning](https://semver.org/); each release lists the
[Conventional Commits](https://www.conventionalcommits.org/) since the previous tag.

## [{version}] - {date}

### Bug Fixes

- keep zero-stock items out of the SKU list
"""


# -- the history --------------------------------------------------------------


def history(prev: str, bump: str) -> tuple[list[dict], list[dict]]:
    """(commits up to and including the release of `prev`, commits since)."""
    before = [
        {"who": "priya", "msg": "chore: import the inventory service from the monorepo",
         "files": {"inventory/__init__.py": INIT_PY, "inventory/core.py": core_py(False, False),
                   "inventory/api.py": api_py(False, False), "tests/test_core.py": TEST_CORE_PY,
                   "pyproject.toml": pyproject(prev), "README.md": README_MD, ".gitignore": GITIGNORE}},
        {"who": "tom", "msg": "fix: keep zero-stock items out of the SKU list",
         "files": {"inventory/core.py": core_py(True, False)}},
        {"who": "release", "msg": f"chore(release): {prev}",
         "files": {"CHANGELOG.md": changelog(prev, f"2024-05-{BASE_DAY + 1:02d}")}},
    ]
    after = [
        {"who": "tom", "msg": "fix: reject non-positive quantities in remove()",
         "files": {"inventory/core.py": core_py(True, True)}},
        {"who": "priya", "msg": "docs: describe the HTTP API in the README",
         "files": {"README.md": README_MD + README_API}},
    ]
    if bump in ("minor", "major"):
        after.append({"who": "priya", "msg": "feat: add a low-stock report",
                      "files": {"inventory/report.py": REPORT_PY}})
    after.append({"who": "tom", "msg": "fix(api): answer 404 for unknown SKUs",
                  "files": {"inventory/api.py": api_py(True, False)}})
    if bump == "major":
        after.append({
            "who": "priya",
            "msg": "feat(api)!: return stock levels as JSON objects\n\n"
                   "GET /items/<sku> answered a bare number; it now answers an object,\n"
                   "like POST and DELETE do.\n\n"
                   'BREAKING CHANGE: GET /items/<sku> returns {"sku": ..., "quantity": ...}\n'
                   "instead of a bare number.",
            "files": {"inventory/api.py": api_py(True, True)},
        })
    after.append({"who": "tom", "msg": "chore: ignore editor backup files",
                  "files": {".gitignore": GITIGNORE + GITIGNORE_EDITORS}})
    return before, after


def git(repo: Path, *args: str, env: dict[str, str] | None = None) -> str:
    return subprocess.run(
        ["git", "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false", "-c", "core.autocrlf=false",
         *args],
        cwd=repo, env={**os.environ, **(env or {})}, check=True, capture_output=True, text=True,
    ).stdout.strip()


def stamp(who: str, day: int, hour: int) -> dict[str, str]:
    name, email = AUTHORS[who]
    date = f"2024-05-{day:02d}T{hour:02d}:17:00+00:00"
    return {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email, "GIT_AUTHOR_DATE": date,
            "GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email, "GIT_COMMITTER_DATE": date}


def seed(dest: Path, prev: str, bump: str) -> dict:
    before, after = history(prev, bump)
    dest.mkdir(parents=True)
    git(dest, "init", "-q", "-b", "main")
    release_commits = []
    for i, commit in enumerate(before + after):
        for rel, text in commit["files"].items():
            path = dest / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            path.chmod(0o644)
        git(dest, "add", "-A")
        day = BASE_DAY + min(i, 1) if i < len(before) else BASE_DAY + 7 + i
        env = stamp(commit["who"], day, 9 + i)
        git(dest, "commit", "-q", "-m", commit["msg"], env=env)
        if i == len(before) - 1:
            git(dest, "tag", "-a", f"v{prev}", "-m", f"Release {prev}", env=env)
        elif i >= len(before):
            release_commits.append({"hash": git(dest, "rev-parse", "HEAD"), "message": commit["msg"]})
    return {"head": git(dest, "rev-parse", "HEAD"), "prev_tag": f"v{prev}",
            "prev_tag_commit": git(dest, "rev-parse", f"v{prev}^{{commit}}"),
            "release_commits": release_commits}


def main(argv: list[str]) -> int:
    prev = os.environ.get("LAB_PREV_VERSION", "1.3.2")
    bump = os.environ.get("LAB_BUMP", "minor")
    if argv == ["--describe"]:
        with tempfile.TemporaryDirectory(prefix="lab-seed-") as tmp:
            print(json.dumps(seed(Path(tmp) / "repo", prev, bump)))
        return 0
    if len(argv) != 1 or argv[0].startswith("-"):
        sys.stderr.write(__doc__ or "")
        return 2
    seed(Path(argv[0]), prev, bump)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
