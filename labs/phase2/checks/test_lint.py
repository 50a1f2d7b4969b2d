"""Task lint: flake8 is configured in the repo, reports nothing, and pre-commit runs it."""

import shlex

import _phase2 as lab  # the lab's shared helpers, beside this file
import pytest
import yaml

CONFIG_FILES = (".flake8", "setup.cfg", "tox.ini")
#: findings no configuration may hide: pyflakes' errors, syntax errors, `== None`,
#: and lines past 120 characters
ALWAYS = "--select=F,E9,E711,E712,E501 --max-line-length=120"


MARK = "@@LABCHECK@@"


@pytest.fixture(scope="module")
def lint(host, env):
    """Everything the checks need, from one run in the workspace: config sections, `flake8 .`,
    flake8 with default settings, and pre-commit's verdict on its config."""
    ws = host("workspace")
    repo = lab.repo_dir(env.params)
    script = f"""
cd {shlex.quote(repo)} || exit 90
for f in {' '.join(CONFIG_FILES)}; do
  [ -f "$f" ] && grep -qiE '^[[:space:]]*\\[flake8\\][[:space:]]*$' "$f" && printf '%s ' "$f"
done
echo '{MARK}'
if [ -f .flake8 ] || grep -qis '^[[:space:]]*\\[flake8\\]' setup.cfg tox.ini; then
  timeout 40 flake8 . 2>&1; echo "rc=$?"
fi
echo '{MARK}'
timeout 40 flake8 --isolated {ALWAYS} inventory tests 2>&1; echo "rc=$?"
echo '{MARK}'
if [ -f .pre-commit-config.yaml ]; then
  timeout 20 pre-commit validate-config .pre-commit-config.yaml 2>&1; echo "rc=$?"
fi
"""
    result = lab.sh(ws, script)
    if result.rc == 90:
        pytest.fail(f"the repository {repo} is missing from the workspace")
    parts = [*result.stdout.split(MARK), "", "", ""][:4]
    return {"configs": parts[0].split(), "flake8": _run(parts[1]), "always": _run(parts[2]),
            "pre_commit": _run(parts[3]), "ws": ws, "repo": repo}


def _run(text):
    """{"rc": exit code or None if it did not run, "lines": output lines}."""
    lines = [ln for ln in text.strip().splitlines() if ln.strip()]
    if not lines or not lines[-1].startswith("rc="):
        return {"rc": None, "lines": lines}
    return {"rc": int(lines[-1][3:]), "lines": lines[:-1]}


def test_flake8_is_configured(lint):
    assert lint["configs"], (
        "no flake8 configuration in the repository: add a [flake8] section to .flake8, setup.cfg or tox.ini "
        "(e.g. the team's max-line-length and the folders to exclude)"
    )


@pytest.mark.points(2)
def test_flake8_reports_nothing(lint):
    run = lint["flake8"]
    if not lint["configs"] or run["rc"] is None:
        pytest.fail("flake8 is not configured yet (no [flake8] section in .flake8, setup.cfg or tox.ini)")
    assert run["rc"] == 0 and not run["lines"], (
        f"`flake8 .` in the repository must report nothing with your configuration; it reported "
        f"{len(run['lines'])} finding(s) (exit {run['rc']}): " + "; ".join(run["lines"][:8])
    )


def test_real_problems_are_fixed_not_hidden(lint):
    """Unused imports, `== None` and overlong lines are fixed in the code, whatever the config says."""
    run = lint["always"]
    assert run["rc"] == 0 and not run["lines"], (
        "some problems must be fixed in the code, not ignored or excluded in the config (unused imports, "
        "comparisons to None, lines over 120 characters); flake8 with default settings still finds: "
        + "; ".join(run["lines"][:8])
    )


def test_pre_commit_runs_flake8(lint):
    run = lint["pre_commit"]
    assert run["rc"] is not None, "the repository has no .pre-commit-config.yaml"
    assert run["rc"] == 0, "pre-commit rejects .pre-commit-config.yaml: " + " ".join(run["lines"][-6:])
    text = lint["ws"].file(f"{lint['repo']}/.pre-commit-config.yaml").content_string
    doc = yaml.safe_load(text) or {}
    hooks = []
    for repo_entry in doc.get("repos") or []:
        for hook in (repo_entry or {}).get("hooks") or []:
            if isinstance(hook, dict):
                hooks.append(hook)
    linting = [h for h in hooks if "flake8" in str(h.get("id", "")).lower() or "flake8" in str(h.get("entry", ""))]
    ids = ", ".join(str(h.get("id")) for h in hooks) or "none"
    assert linting, f".pre-commit-config.yaml must have a hook that runs flake8; its hooks: {ids}"
