"""Task git-history: the database password is in no commit any ref reaches.

"Any ref" is every branch, tag, remote-tracking ref, stash and backup ref
(`git rev-list --all`), so a rewrite of one branch, or filter-branch's
refs/original/ backups, still fail. Reflogs and unreachable objects are not
graded (filter-repo expires and prunes them; `git gc` would too). The rest of
the history must survive the rewrite.
"""

import shlex

import pytest

TOOLBOX = "toolbox"
REPO = "/workspace/repo"
MAIN_SUBJECTS = [
    "Initial commit",
    "Add item listing endpoint",
    "Add database settings",
    "Add Dockerfile",
    "Read the database password from the environment",
    "Add /healthz endpoint",
    "Document configuration",
]
RELEASE_BRANCH = "release/1.x"
RELEASE_SUBJECT = "Release 1.0.0"
TAG = "v1.0.0"
TIP_FILES = ["README.md", "app.py", "Dockerfile"]


def _git(box, *argv):
    return box.run(" ".join(["git", "-C", REPO, *(shlex.quote(a) for a in argv)]))


def _require_repo(box):
    if _git(box, "rev-parse", "--git-dir").rc != 0:
        pytest.fail(f"{REPO.replace('/workspace', 'your workspace')} is no longer a git repository: "
                    "rewrite its history in place, do not delete it")


def _offending(box, secret):
    """[(commit, what)] for every commit reachable from a ref that still holds the secret."""
    found = {}
    revs = _git(box, "rev-list", "--all").stdout.split()
    if revs:
        grep = box.run(f"git -C {REPO} grep -F -l -e {shlex.quote(secret)} $(git -C {REPO} rev-list --all)")
        for line in grep.stdout.splitlines():
            commit, _, path = line.partition(":")
            found.setdefault(commit, f"file {path}")
        log = _git(box, "log", "--all", "--format=%H%x00%B%x00%x01")
        for record in log.stdout.split("\x01"):
            commit, _, message = record.strip().partition("\x00")
            if commit and secret in message:
                found.setdefault(commit, "its commit message")
    tags = _git(box, "for-each-ref", "refs/tags", "--format=%(refname)%00%(contents)%01")
    for record in tags.stdout.split("\x01"):
        ref, _, contents = record.strip().partition("\x00")
        if ref and secret in contents:
            found.setdefault(ref, "the annotated tag's message")
    return found


def _refs_containing(box, commit):
    out = _git(box, "for-each-ref", "--contains", commit, "--format=%(refname)").stdout.split()
    return out


@pytest.mark.points(2)
def test_password_in_no_reachable_commit(host, params):
    box = host(TOOLBOX)
    _require_repo(box)
    secret = params["db_password"]
    found = _offending(box, secret)
    if not found:
        return
    commit, what = next(iter(found.items()))
    if commit.startswith("refs/"):
        pytest.fail(f"the password is still in {commit}: {what}")
    subject = _git(box, "log", "-1", "--format=%s", commit).stdout.strip()
    refs = _refs_containing(box, commit)
    backups = [r for r in refs if r.startswith("refs/original/")]
    if backups and len(backups) == len(refs):
        pytest.fail(f"your rewrite worked, but refs/original/ (filter-branch's backups: {', '.join(backups[:2])}) "
                    f"still reaches commit {commit[:10]} ('{subject}', {what}) with the password: delete those refs")
    shown = ", ".join(r.removeprefix("refs/heads/").removeprefix("refs/") for r in refs[:4]) or "no ref"
    more = f" and {len(found) - 1} more commit{'s' if len(found) > 2 else ''}" if len(found) > 1 else ""
    pytest.fail(
        f"the database password is still in commit {commit[:10]} ('{subject}', {what}), reachable from {shown}"
        f"{more}: rewrite every branch and tag, not just one"
    )


@pytest.mark.points(1)
def test_rest_of_history_kept(host, params):
    box = host(TOOLBOX)
    _require_repo(box)
    if _offending(box, params["db_password"]):
        pytest.fail("the password is still in the history: purge it first (this check then verifies that the "
                    "rest of the history survived)")
    missing_refs = [ref for ref in ("refs/heads/main", f"refs/heads/{RELEASE_BRANCH}", f"refs/tags/{TAG}")
                    if _git(box, "rev-parse", "-q", "--verify", ref).rc != 0]
    assert not missing_refs, (
        f"{', '.join(missing_refs)} no longer exist{'s' if len(missing_refs) == 1 else ''}: purging the password "
        "must keep every branch and tag"
    )
    main = _git(box, "log", "--format=%s", "main").stdout.splitlines()
    lost = [s for s in MAIN_SUBJECTS if s not in main]
    assert not lost, (
        f"main lost {len(lost)} of its commits ({', '.join(repr(s) for s in lost[:3])}): rewrite the commits, "
        "do not squash or drop them"
    )
    release = _git(box, "log", "--format=%s", f"refs/heads/{RELEASE_BRANCH}").stdout.splitlines()
    assert RELEASE_SUBJECT in release, f"{RELEASE_BRANCH} lost its commit '{RELEASE_SUBJECT}'"
    tip = _git(box, "ls-tree", "-r", "--name-only", "main").stdout.split()
    gone = [f for f in TIP_FILES if f not in tip]
    assert not gone, f"main's latest commit no longer has {', '.join(gone)}: remove only the password"
