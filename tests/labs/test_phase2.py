"""phase2 (CI/CD): an alternative correct solution scores full marks; plausible wrong ones lose
the related points. One env for the module: the alternative first, then a reset and the wrong ones.

The bump is pinned to `major`, the hardest case (a `feat(api)!:` commit with a BREAKING CHANGE
footer); the previous version stays seeded, so the expected version is computed here too.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from labctl.testing import LabEnv

pytestmark = [pytest.mark.docker, pytest.mark.slow]


@pytest.fixture(scope="module")
def lab() -> Iterator[LabEnv]:
    with LabEnv("phase2", params={"bump": "major"}) as env:
        yield env


def _next_major(lab: LabEnv) -> str:
    return f"{lab.params['prev_major'] + 1}.0.0"


def _failed(report, task: str) -> dict[str, str]:
    return {c.name: c.message for c in report.task(task).checks if not c.passed}


# An alternative, correct solution: unittest-style tests, flake8 configured in setup.cfg, a
# pre-commit config pointing at the upstream hook repo, a workflow with a quoted "on" key, a
# list of triggers, a matrix and requirements-dev.txt, a changelog in another style, and the
# version bump, changelog and tag in one release commit pushed with --tags.
ALTERNATIVE = r"""
set -euo pipefail
cd "/workspace/$LAB_PARAM_REPO"
prev="$LAB_PARAM_PREV_MAJOR.$LAB_PARAM_PREV_MINOR.$LAB_PARAM_PREV_PATCH"
next="$((LAB_PARAM_PREV_MAJOR + 1)).0.0"

# -- tests: unittest classes, run by pytest
cat > tests/test_everything.py <<'PY'
import io
import json
import unittest

from inventory import api, core, report


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


class ReportTests(unittest.TestCase):
    def test_report(self):
        rows = report.low_stock(core.Inventory({"a": 1, "b": 50}))
        self.assertEqual(rows, [("a", 1)])
        self.assertIn("a", report.render(rows))
        self.assertIn("above", report.render([]))
PY

# -- lint: fix the code with sed, flake8 in setup.cfg, the upstream pre-commit hook
sed -i '/^import json$/d; s/sku == None/sku is None/' inventory/core.py
sed -i '/^import sys$/d' inventory/api.py
sed -i 's/^    start_response(f"{status} {reasons\[status\]}", \[/    start_response(\n        f"{status} {reasons[status]}",\n        [/' inventory/api.py
cat > setup.cfg <<'CFG'
[flake8]
max-line-length = 100
extend-exclude = .venv,build,dist
CFG
cat > .pre-commit-config.yaml <<'CFG'
repos:
  - repo: https://github.com/PyCQA/flake8
    rev: 7.1.1
    hooks:
      - id: flake8
CFG
printf 'pytest\npytest-cov\nflake8\n' > requirements-dev.txt

# -- pipeline: quoted "on", a list of triggers, a matrix, requirements-dev.txt
mkdir -p .github/workflows
cat > .github/workflows/pipeline.yaml <<'YML'
name: pipeline
"on": [push, pull_request]
env:
  COVERAGE_MIN: "80"
jobs:
  lint:
    runs-on: ubuntu-22.04
    steps:
      - uses: actions/checkout@v4
      - run: |
          python -m pip install -r requirements-dev.txt
          flake8
  test:
    runs-on: ubuntu-22.04
    needs: [lint]
    strategy:
      matrix:
        python-version: ["3.11", "3.12"]
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: ${{ matrix.python-version }}
      - name: deps
        run: python -m pip install -r requirements-dev.txt && pip install -e .
      - name: tests
        run: |
          echo "python ${{ matrix.python-version }} on ${{ runner.os }}"
          python -m pytest -q --cov=inventory --cov-fail-under=$COVERAGE_MIN
  build:
    runs-on: ubuntu-22.04
    needs: [lint, test]
    steps:
      - uses: actions/checkout@v4
      - run: pipx run build || python -m build
YML

# -- changelog (another style) + version + annotated tag in one release commit
python3 - "$next" <<'PY'
import sys
from pathlib import Path

version = sys.argv[1]
path = Path("CHANGELOG.md")
text = path.read_text()
section = (f"## v{version} (2024-06-01)\n\n"
           "BREAKING CHANGE: the API answers stock levels as JSON objects.\n\n"
           "* feat: add a low-stock report\n"
           "* feat(api)!: return stock levels as JSON objects\n"
           "* fix: reject non-positive quantities in remove()\n"
           "* fix(api): answer 404 for unknown SKUs\n"
           "* docs: describe the HTTP API in the README\n\n")
i = text.index("## [")
path.write_text(text[:i] + section + text[i:])
pp = Path("pyproject.toml")
pp.write_text(pp.read_text().replace('version = "', 'version = "' + version + '"  # was "', 1))
PY
git add -A
git commit -q -m "chore(release): v$next"
git tag -a "v$next" -m "inventory $next"
git push -q --tags origin
git push -q origin HEAD:main
"""


def test_alternative_solution_scores_full_marks(lab: LabEnv) -> None:
    lab.exec("workspace", ALTERNATIVE)
    report = lab.grade()
    failed = {t.id: _failed(report, t.id) for t in report.tasks if not t.passed}
    assert report.score == report.max_score, failed


# Plausible wrong solutions, one per task, applied together (each hits a different task):
# - tests that pass but cover about half of the package;
# - a flake8 config that silences the findings instead of fixing them;
# - a workflow triggered on push only;
# - a changelog that repeats the previous release's entry;
# - a minor bump where the commits call for a major one;
# - main pushed, but not the tag.
WRONG = r"""
set -euo pipefail
cd "/workspace/$LAB_PARAM_REPO"
cat > tests/test_more.py <<'PY'
import pytest

from inventory.core import Inventory, StockError


def test_remove():
    inv = Inventory({"a": 3})
    assert inv.remove("a", 1) == 2
    with pytest.raises(StockError):
        inv.remove("a", 9)
PY
printf '[flake8]\nmax-line-length = 200\nextend-ignore = F401,E711\n' > .flake8
printf 'repos:\n  - repo: local\n    hooks:\n      - id: flake8\n        name: flake8\n        entry: flake8\n        language: system\n        types: [python]\n' > .pre-commit-config.yaml
mkdir -p .github/workflows
cat > .github/workflows/ci.yml <<'YML'
on:
  push:
    branches: [main]
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - run: flake8 .
  test:
    needs: lint
    runs-on: ubuntu-latest
    steps:
      - run: python -m pytest -q
  build:
    needs: test
    runs-on: ubuntu-latest
    steps:
      - run: python -m build
YML
minor="$LAB_PARAM_PREV_MAJOR.$((LAB_PARAM_PREV_MINOR + 1)).0"
python3 - "$minor" <<'PY'
import sys
from pathlib import Path

v = sys.argv[1]
p = Path("CHANGELOG.md")
t = p.read_text()
i = t.index("## [")
p.write_text(t[:i] + f"## [{v}] - 2024-06-01\n\n- add a low-stock report\n- keep zero-stock items out of the SKU list\n\n"
             + t[i:])
pp = Path("pyproject.toml")
pp.write_text(pp.read_text().replace('version = "', f'version = "{v}"  # "', 1))
PY
git add -A
git commit -q -m "chore(release): $minor"
git tag -a "v$minor" -m "Release $minor"
git push -q origin main
"""


def test_plausible_wrong_solutions_lose_the_related_points(lab: LabEnv) -> None:
    lab.reset()
    lab.exec("workspace", WRONG)
    report = lab.grade()

    tests = _failed(report, "tests")
    assert "test_coverage_reaches_the_target" in tests, report.task("tests").checks
    assert "must reach 80%" in tests["test_coverage_reaches_the_target"]

    lint = _failed(report, "lint")
    assert list(lint) == ["test_real_problems_are_fixed_not_hidden"], lint
    assert "F401" in lint["test_real_problems_are_fixed_not_hidden"]

    pipeline = _failed(report, "pipeline")
    assert list(pipeline) == ["test_workflow_runs_on_push_and_pull_request"], pipeline
    assert "pull_request" in pipeline["test_workflow_runs_on_push_and_pull_request"]

    # the changelog has no section for the right version, and the wrong tag is flagged
    assert report.task("changelog").score == 0
    version = _failed(report, "version")
    assert "test_release_tag_has_the_right_version" in version, version
    assert _next_major(lab) not in version["test_release_tag_has_the_right_version"]  # never told the answer

    publish = _failed(report, "publish")
    assert "test_server_has_the_release_tag" in publish, publish
    assert "test_server_main_has_the_pipeline" not in publish, publish
    assert 0 < report.task("publish").score < report.task("publish").max_score

    assert report.task("tests").score < report.task("tests").max_score
    assert 0 < report.task("lint").score < report.task("lint").max_score
    assert 0 < report.task("pipeline").score < report.task("pipeline").max_score


def test_every_env_has_its_own_keys_and_the_workspace_takes_no_git_login(lab: LabEnv) -> None:
    # In a class every student holds their env's key: it must open nothing of anyone else's.
    script = "cat /root/.ssh/id_ed25519.pub /root/.ssh/known_hosts"
    ssh = ("ssh -F /dev/null -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null "
           "-o IdentitiesOnly=yes")
    with LabEnv("phase2") as other:
        mine = set(lab.exec("workspace", script).stdout.splitlines())
        theirs = set(other.exec("workspace", script).stdout.splitlines())
        assert mine and theirs and not mine & theirs, (mine, theirs)
        key = other.exec("workspace", "cat /root/.ssh/id_ed25519").stdout
        login = ("install -m 0600 /dev/stdin /tmp/theirs <<'KEY'\n" + key + "KEY\n"
                 f"{ssh} -i /tmp/theirs git@gitserver true")
        result = lab.exec("workspace", login, check=False)
        assert "Permission denied" in result.stderr, result.stderr
    # its own key opens its git server (git-shell answers), but not the workspace's own sshd
    own = lab.exec("workspace", f"{ssh} -i /root/.ssh/id_ed25519 git@gitserver true", check=False)
    assert own.returncode == 128 and "unrecognized command" in own.stderr, own  # git-shell's answer
    local = lab.exec("workspace", f"{ssh} -i /root/.ssh/id_ed25519 git@localhost true", check=False)
    assert "Permission denied" in local.stderr, local.stderr
