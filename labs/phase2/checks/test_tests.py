"""Task tests: the service's pytest suite passes and covers the package.

The check runs the suite itself in the workspace, on what is committed (a clone of
the repository at the branch you are on: "a release contains only what is committed"),
under coverage.py with its own settings (the learner's coverage config is not used, so
nothing can be omitted from the measure; `# pragma: no cover` is still honoured).
"""

import json
import shlex

import _phase2 as lab  # the lab's shared helpers, beside this file
import pytest

MARK = "@@LABCHECK-COVERAGE@@"


@pytest.fixture(scope="module")
def suite(host, env):
    """Run the learner's tests under coverage: {rc, output, files: {path: percent}, total}."""
    params = env.params
    ws = host("workspace")
    repo = lab.repo_dir(params)
    script = f"""
cd {shlex.quote(repo)} || exit 90
d=$(mktemp -d /tmp/labcheck-cov.XXXXXX)
git status --porcelain --untracked-files=all -- tests inventory 2>/dev/null | grep '[.]py$' | head -n 5 \\
  | sed 's/^/pending=/'
git clone -q "$PWD" "$d/c" 2>/dev/null || {{ rm -rf "$d"; exit 91; }}
cd "$d/c"
printf '[run]\\nbranch = False\\n' > "$d/rc"
export PYTHONDONTWRITEBYTECODE=1 COVERAGE_FILE="$d/data"
timeout 45 python -m coverage run --rcfile="$d/rc" --source=inventory \\
    -m pytest -q -p no:cacheprovider -o addopts= > "$d/out" 2>&1
echo "rc=$?"
tail -n 25 "$d/out"
if python -m coverage json --rcfile="$d/rc" -q -o "$d/cov.json" >/dev/null 2>&1; then
  printf '%s' '{MARK}'; cat "$d/cov.json"
fi
rm -rf "$d"
"""
    result = lab.sh(ws, script)
    if result.rc == 90:
        pytest.fail(f"the repository {repo} is missing from the workspace")
    if result.rc == 91:
        pytest.fail(f"could not clone {repo} to run what is committed: is it still a Git repository?")
    text, _, cov = result.stdout.partition(MARK)
    lines = text.splitlines()
    pending = [ln.removeprefix("pending=").strip() for ln in lines if ln.startswith("pending=")]
    text = "\n".join(ln for ln in lines if not ln.startswith("pending="))
    first, _, output = text.partition("\n")
    rc = int(first.removeprefix("rc=") or -1) if first.startswith("rc=") else -1
    files, total = {}, 0.0
    if cov.strip():
        data = json.loads(cov)
        total = float(data["totals"]["percent_covered"])
        files = {path: float(info["summary"]["percent_covered"]) for path, info in data["files"].items()}
    return {"rc": rc, "output": output.strip(), "files": files, "total": total, "pending": pending}


def _pending(suite):
    """A note on test or package files changed but not committed, which the grade does not see."""
    if not suite["pending"]:
        return ""
    names = ", ".join(p.split(None, 1)[-1] for p in suite["pending"])
    return f" (graded as committed; not committed yet: {names}: git add tests && git commit)"


def _require_green(suite):
    if suite["rc"] == 5:
        pytest.fail("pytest collected no tests: keep your tests in tests/test_*.py" + _pending(suite))
    assert suite["rc"] == 0, (
        f"the committed test suite must pass, but pytest exited with code {suite['rc']}{_pending(suite)}. "
        "Its last lines:\n" + lab.tail(suite["output"], 12)
    )


def test_every_module_is_tested(suite):
    """Every module of the package is exercised by the tests (half of its lines at least)."""
    _require_green(suite)
    weak = {path: pct for path, pct in suite["files"].items() if pct < 50 and not path.endswith("__init__.py")}
    assert suite["files"], "coverage measured no file of the inventory package: do your tests import it?"
    assert not weak, (
        "every module of the inventory package needs tests; these are barely run by them: "
        + ", ".join(f"{path} ({pct:.0f}% of lines)" for path, pct in sorted(weak.items())) + _pending(suite)
    )


@pytest.mark.points(3)
def test_coverage_reaches_the_target(suite, params):
    """The whole package is covered at the target rate (rounded like coverage's --fail-under)."""
    _require_green(suite)
    target = int(params["coverage_min"])
    total = suite["total"]
    if round(total) >= target:
        return
    per_file = ", ".join(f"{path} {pct:.0f}%" for path, pct in sorted(suite["files"].items()))
    pytest.fail(
        f"coverage of the inventory package must reach {target}%, it is {total:.1f}% ({per_file}){_pending(suite)}. "
        "See the missed lines with: python -m pytest --cov=inventory --cov-report=term-missing"
    )
