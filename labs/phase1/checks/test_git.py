"""Task git: ~/shop-site on the workstation is a repository with main, a feature branch,
the learner's identity and a pre-commit hook that rejects trailing whitespace.

The hook is tried in a throwaway clone (hook copied in, or core.hooksPath pointed at
it), never in the learner's repository.
"""

import pytest

REPO = "/root/shop-site"

# One exec gathers the repository facts the checks need ("key=value" lines).
FACTS = r"""
cd "$1" 2>/dev/null || { echo "top="; exit 0; }
branch="$2"
echo "top=$(git rev-parse --show-toplevel 2>/dev/null)"
echo "branches=$(git for-each-ref --format='%(refname:short)' refs/heads | tr '\n' ' ')"
has() { git rev-parse -q --verify "refs/heads/$1^{commit}" >/dev/null; }
has main && echo "main=yes" && echo "main_files=$(git ls-tree --name-only main | tr '\n' ' ')" \
  && echo "main_all=$(git ls-tree -r --name-only main | tr '\n' ' ')"
if has "$branch"; then
  echo "feature=yes"
  echo "feature_files=$(git ls-tree --name-only "$branch" | tr '\n' ' ')"
  if has main; then
    echo "ahead=$(git rev-list --count "main..$branch")"
    git merge-base main "$branch" >/dev/null && echo "shared=yes"
  fi
fi
echo "site=$(cd /opt/lab/site 2>/dev/null && find . -type f | sed 's|^\./||' | sort | tr '\n' ' ')"
echo "email=$(git config user.email)"
echo "name=$(git config user.name)"
refs=""; has main && refs="main"; has "$branch" && refs="$refs $branch"
[ -n "$refs" ] && echo "authors=$(git log --format='%h:%ae' $refs | tr '\n' ' ')"
exit 0
"""

# Runs in the workspace: find the hook, clone, install it, try two bad commits and a clean one.
TRIAL = r"""
repo="$1"
cd "$repo" 2>/dev/null && [ "$(git rev-parse --show-toplevel 2>/dev/null)" = "$repo" ] \
  || { echo "problem=$repo on your workstation is not a Git repository yet"; exit 0; }
git rev-parse -q --verify HEAD >/dev/null \
  || { echo "problem=$repo has no commit yet, so there is nothing to try the hook on"; exit 0; }
configured=$(git config --get core.hooksPath) rel=""
case "$configured" in
  "") hooks="$(cd "$(git rev-parse --git-common-dir)" && pwd)/hooks" ;;
  "~"*) hooks="$HOME${configured#"~"}" ;;
  /*) hooks="$configured" ;;
  *) hooks="$repo/$configured" rel="$configured" ;;
esac
[ -e "$hooks/pre-commit" ] \
  || { echo "problem=there is no pre-commit hook: expected an executable file $hooks/pre-commit"; exit 0; }
[ -x "$hooks/pre-commit" ] \
  || { echo "problem=$hooks/pre-commit is not executable, so Git ignores it (chmod +x it)"; exit 0; }
tmp=$(mktemp -d /tmp/labctl-hook-trial.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
git clone -q "$repo" "$tmp/c" >/dev/null 2>&1 || { echo "problem=could not clone $repo to try the hook"; exit 0; }
cd "$tmp/c" || exit 0
if [ -n "$rel" ] && [ -e "$rel/pre-commit" ]; then
  git config core.hooksPath "$rel"             # a hooks folder committed in the repository
elif [ -n "$configured" ]; then
  git config core.hooksPath "$hooks"
else
  cp -a "$hooks/." .git/hooks/
fi
git config user.name "labctl grader"
git config user.email "grader@labctl.invalid"
try() {  # commit what is staged; report whether it went through
  before=$(git rev-parse -q --verify HEAD)
  if timeout 20 git commit -q -m "grader: $1" </dev/null >/dev/null 2>&1 \
     && [ "$(git rev-parse -q --verify HEAD)" != "$before" ]; then
    echo "$1=accepted"
  else
    echo "$1=rejected"
  fi
  git reset -q --hard "$before" 2>/dev/null; git clean -qfdx >/dev/null 2>&1
}
tracked=$(git ls-files | grep -m1 -E '\.(html|md|css|txt)$' || git ls-files | head -n1)
printf 'notes for the team\ntrailing spaces here   \n' > grader-notes.txt
git add grader-notes.txt
try new-file-spaces
printf '<!-- edited -->\t\n' >> "$tracked"
git add -- "$tracked"
try edit-tab
printf 'a clean note\n' > grader-clean.txt
printf '<!-- clean edit -->\n' >> "$tracked"
git add -A
try clean
"""


def _facts(text):
    facts = {}
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep:
            facts.setdefault(key, value.strip())
    return facts


def _branch(params):
    return f"feature/OPS-{params['ticket']}-maintenance-page"


@pytest.fixture(scope="module")
def repo(host, env):
    return _facts(host("workspace").run("bash -c %s facts %s %s", FACTS, REPO, _branch(env.params)).stdout)


def _require_repo(repo):
    top = repo.get("top", "")
    assert top, f"{REPO} on your workstation is not a Git repository yet"
    assert top == REPO, f"the Git repository should be {REPO} itself, but {REPO} is inside the repository {top}"


def _branches(repo):
    return ", ".join(repo.get("branches", "").split()) or "none"


@pytest.mark.points(1)
def test_main_branch_holds_the_site(repo):
    _require_repo(repo)
    assert repo.get("main") == "yes", f"{REPO} has no branch main with a commit (branches: {_branches(repo)})"
    committed = set(repo.get("main_all", "").split())
    assert "index.html" in committed, "main does not hold the site: index.html is not committed on it"
    missing = [f for f in repo.get("site", "").split() if f not in committed]
    assert not missing, (
        f"main does not hold the whole site as it was: {', '.join(missing[:5])} "
        f"{'is' if len(missing) == 1 else 'are'} not committed on it (git add -A, then commit)"
    )


@pytest.mark.points(2)
def test_commit_identity(repo, params):
    _require_repo(repo)
    email = params["git_email"]
    configured = repo.get("email", "")
    assert configured.lower() == email.lower(), (
        f"git config user.email in {REPO} is '{configured or 'not set'}', expected {email}"
    )
    assert repo.get("name"), f"git config user.name is not set in {REPO}"
    authors = [a.split(":", 1) for a in repo.get("authors", "").split() if ":" in a]
    assert authors, f"{REPO} has no commits on main or {_branch(params)} yet"
    others = [(h, a) for h, a in authors if a.lower() != email.lower()]
    assert not others, (
        f"commit {others[0][0]} is authored by {others[0][1]}, not {email} "
        "(fix it with git commit --amend --reset-author, or a rebase)"
    )


@pytest.mark.points(2)
def test_feature_branch(repo, params):
    _require_repo(repo)
    branch = _branch(params)
    assert repo.get("feature") == "yes", f"there is no branch {branch} (branches: {_branches(repo)})"
    if repo.get("main") == "yes":
        assert repo.get("ahead", "0") != "0", f"{branch} has no commit that main does not have"
        assert repo.get("shared") == "yes", f"{branch} was not branched from main (they share no history)"
        assert "maintenance.html" not in repo.get("main_files", "").split(), (
            "main already has maintenance.html: it belongs on the feature branch until it is reviewed"
        )
    assert "maintenance.html" in repo.get("feature_files", "").split(), (
        f"{branch} has no maintenance.html at the top of the repository"
    )


@pytest.fixture(scope="module")
def hook_trial(host):
    result = host("workspace").run("bash -c %s trial %s", TRIAL, REPO)
    facts = _facts(result.stdout)
    if "problem" not in facts and "clean" not in facts:
        facts["problem"] = f"could not try the hook in a clone of {REPO}: {result.stderr.strip() or 'no output'}"
    return facts


@pytest.mark.points(3)
def test_hook_rejects_trailing_whitespace(hook_trial):
    assert "problem" not in hook_trial, hook_trial.get("problem")
    assert hook_trial["clean"] == "accepted", (
        "your pre-commit hook rejects every commit, clean ones too, so it does not tell trailing whitespace apart"
    )
    assert hook_trial["new-file-spaces"] == "rejected", (
        "your pre-commit hook let through a commit adding a new file with a line ending in spaces"
    )
    assert hook_trial["edit-tab"] == "rejected", (
        "your pre-commit hook let through a commit adding a line ending in a tab to a tracked file"
    )


@pytest.mark.points(1)
def test_hook_accepts_clean_commits(hook_trial):
    assert "problem" not in hook_trial, hook_trial.get("problem")
    assert hook_trial["clean"] == "accepted", (
        "your pre-commit hook rejected a clean commit (a new file and an edit, no trailing whitespace)"
    )
