"""Task lint: flake8 is configured in the repo, reports nothing, and pre-commit runs it.

Everything is graded on what is committed (a clone of the repository, at the branch you are
on): the task says to commit the configuration and the fixes. What is changed but not
committed is named in the feedback.
"""

import shlex

import _phase2 as lab  # the lab's shared helpers, beside this file
import pytest
import yaml

CONFIG_FILES = (".flake8", "setup.cfg", "tox.ini")
#: findings no configuration (nor a noqa comment) may hide: pyflakes' errors, syntax errors,
#: `== None`, and lines past 120 characters
ALWAYS = "--select=F,E9,E711,E712,E501 --max-line-length=120 --disable-noqa"
FLAKE8_TIMEOUT = 40
#: a file with an unused import, added to a clone: pre-commit must refuse to commit it
PLANTED = "inventory/labcheck_planted.py"

MARK = "@@LABCHECK@@"


@pytest.fixture(scope="module")
def lint(host, env):
    """Everything the checks need, from one run in the workspace, in a clone of the committed
    repository: config sections, `flake8 .`, flake8 with default settings, pre-commit's verdict
    on its config, `pre-commit run` on a clean file and on one with an unused import, and
    whether pre-commit is installed in the learner's own repository."""
    ws = host("workspace")
    repo = lab.repo_dir(env.params)
    script = f"""
cd {shlex.quote(repo)} || exit 90
hooks=$(cd "$(git rev-parse --git-path hooks 2>/dev/null)" 2>/dev/null && pwd)
d=$(mktemp -d /tmp/labcheck-lint.XXXXXX)
trap 'rm -rf "$d"' EXIT
git clone -q "$PWD" "$d/c" 2>/dev/null || exit 91
cd "$d/c"
for f in {' '.join(CONFIG_FILES)}; do
  [ -f "$f" ] && grep -qiE '^[[:space:]]*\\[flake8\\][[:space:]]*$' "$f" && printf '%s ' "$f"
done
echo '{MARK}'
if [ -f .flake8 ] || grep -qis '^[[:space:]]*\\[flake8\\]' setup.cfg tox.ini; then
  timeout {FLAKE8_TIMEOUT} flake8 . 2>&1; echo "rc=$?"
fi
echo '{MARK}'
timeout {FLAKE8_TIMEOUT} flake8 --isolated {ALWAYS} inventory tests 2>&1; echo "rc=$?"
echo '{MARK}'
if [ -f .pre-commit-config.yaml ]; then
  timeout 20 pre-commit validate-config .pre-commit-config.yaml 2>&1; echo "rc=$?"
fi
echo '{MARK}'
if [ -f .pre-commit-config.yaml ]; then
  export PRE_COMMIT_HOME="$d/cache"
  git config user.email grader@labctl.invalid; git config user.name grader
  timeout 60 pre-commit run --files inventory/__init__.py </dev/null 2>&1 | tail -n 20; echo "rc=${{PIPESTATUS[0]}}"
  echo '{MARK}'
  printf '# added by the grader\\nimport os\\n' > {PLANTED}
  git add {PLANTED}
  timeout 60 pre-commit run --files {PLANTED} </dev/null 2>&1 | tail -n 20; echo "rc=${{PIPESTATUS[0]}}"
else
  echo '{MARK}'
fi
echo '{MARK}'
[ -f "$hooks/pre-commit" ] && grep -q pre-commit "$hooks/pre-commit" && echo installed
echo '{MARK}'
cd {shlex.quote(repo)} && git status --porcelain --untracked-files=all 2>/dev/null | grep -E '[.](py|cfg|ini|toml|yaml|yml)$|[.]flake8$' | head -n 8
"""
    result = lab.sh(ws, script)
    if result.rc == 90:
        pytest.fail(f"the repository {repo} is missing from the workspace")
    if result.rc == 91:
        pytest.fail(f"could not clone {repo} to look at what is committed: is it still a Git repository?")
    parts = [*result.stdout.split(MARK), "", "", "", "", "", "", "", ""][:8]
    pending = [ln.strip() for ln in parts[7].splitlines() if ln.strip()]
    return {"configs": parts[0].split(), "flake8": _run(parts[1]), "always": _run(parts[2]),
            "pre_commit": _run(parts[3]), "run_clean": _run(parts[4]), "run_planted": _run(parts[5]),
            "installed": "installed" in parts[6], "pending": pending, "ws": ws, "repo": repo}


def _run(text):
    """{"rc": exit code or None if it did not run, "lines": output lines}."""
    lines = [ln for ln in text.strip().splitlines() if ln.strip()]
    if not lines or not lines[-1].startswith("rc="):
        return {"rc": None, "lines": lines}
    return {"rc": int(lines[-1][3:]), "lines": lines[:-1]}


def _pending(lint):
    """A note on uncommitted changes, which the grade does not see."""
    if not lint["pending"]:
        return ""
    names = ", ".join(p.split(None, 1)[-1] for p in lint["pending"][:5])
    return f" (graded as committed; not committed yet: {names})"


def _findings(run, what):
    if run["rc"] == 124:
        return (f"{what} did not finish within {FLAKE8_TIMEOUT} s (timed out): exclude folders that are not "
                "source code (a virtualenv, build/) in the [flake8] section")
    return f"{what} reported {len(run['lines'])} finding(s) (exit {run['rc']}): " + "; ".join(run["lines"][:8])


@pytest.mark.timeout(240)  # the fixture runs flake8 and pre-commit a few times
def test_flake8_is_configured(lint):
    assert lint["configs"], (
        "no flake8 configuration in the repository: add a [flake8] section to .flake8, setup.cfg or tox.ini "
        "(e.g. the team's max-line-length and the folders to exclude), and commit it" + _pending(lint)
    )


@pytest.mark.points(2)
def test_flake8_reports_nothing(lint):
    run = lint["flake8"]
    if not lint["configs"] or run["rc"] is None:
        pytest.fail("flake8 is not configured yet (no committed [flake8] section in .flake8, setup.cfg or tox.ini)"
                    + _pending(lint))
    assert run["rc"] == 0 and not run["lines"], (
        "`flake8 .` in the repository must report nothing with your configuration; "
        + _findings(run, "it") + _pending(lint)
    )


def test_real_problems_are_fixed_not_hidden(lint):
    """Unused imports, `== None` and overlong lines are fixed in the code, whatever the config says."""
    run = lint["always"]
    if run["rc"] == 124:
        pytest.fail(_findings(run, "flake8 on inventory/ and tests/"))
    assert run["rc"] == 0 and not run["lines"], (
        "some problems must be fixed in the code, not ignored, excluded or silenced with # noqa (unused "
        "imports, comparisons to None, lines over 120 characters); flake8 with default settings and "
        "--disable-noqa still finds: " + "; ".join(run["lines"][:8]) + _pending(lint)
    )


def _hooks(lint):
    text = lint["ws"].run(f"git -C {shlex.quote(lint['repo'])} show HEAD:.pre-commit-config.yaml").stdout
    try:
        doc = yaml.safe_load(text) or {}
    except yaml.YAMLError:
        return []
    hooks = []
    for repo_entry in (doc.get("repos") if isinstance(doc, dict) else None) or []:
        for hook in (repo_entry or {}).get("hooks") or []:
            if isinstance(hook, dict):
                hooks.append(hook)
    return hooks


def test_pre_commit_runs_flake8(lint):
    run = lint["pre_commit"]
    assert run["rc"] is not None, "the repository has no committed .pre-commit-config.yaml" + _pending(lint)
    assert run["rc"] == 0, "pre-commit rejects .pre-commit-config.yaml: " + " ".join(run["lines"][-6:])
    hooks = _hooks(lint)
    linting = [h for h in hooks if "flake8" in str(h.get("id", "")).lower() or "flake8" in str(h.get("entry", ""))]
    ids = ", ".join(str(h.get("id")) for h in hooks) or "none"
    assert linting, f".pre-commit-config.yaml must have a hook that runs flake8; its hooks: {ids}"


@pytest.mark.points(2)
def test_pre_commit_stops_a_lint_error(lint):
    """The hook really runs: it passes a clean file and refuses a file with an unused import."""
    if lint["pre_commit"]["rc"] != 0:
        pytest.fail("pre-commit has no valid .pre-commit-config.yaml to run yet (see the check before)")
    clean, planted = lint["run_clean"], lint["run_planted"]
    if clean["rc"] != 0:
        out = " ".join(clean["lines"][-4:])
        offline = any(w in out for w in ("github.com", "Could not resolve", "unable to access", "network"))
        pytest.fail(
            "`pre-commit run` fails on a clean file of your committed code (inventory/__init__.py)"
            + (" because it tries to fetch a hook repository: this workspace has no internet access, so use "
               "a local hook (repo: local, language: system, entry: flake8)" if offline else "")
            + f": {out}"
        )
    assert planted["rc"] not in (0, None), (
        f"with a file that has an unused import added ({PLANTED}), `pre-commit run` still passes: "
        "the hook does not run flake8 on the code, so nothing stops a commit that fails the linter"
    )


def test_pre_commit_is_installed(lint):
    assert lint["installed"], (
        "pre-commit is not installed in your repository (.git/hooks/pre-commit does not run it), so your own "
        "commits skip the linter: run `pre-commit install`"
    )
