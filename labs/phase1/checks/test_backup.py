"""Task backup: /usr/local/bin/shop-backup on web01 makes a dated tarball and fails loudly.

Each run happens in one shell on web01 that also puts everything back (a trap),
so a check that is stopped half-way cannot leave /srv/shop moved away.
"""

import secrets

import pytest

SCRIPT = "/usr/local/bin/shop-backup"
SRC = "/srv/shop"
DEST = "/var/backups/shop"

COMMON = r"""
S=/usr/local/bin/shop-backup SRC=/srv/shop DEST=/var/backups/shop
token="$1"
if [ ! -e "$S" ]; then echo "script=missing"; exit 0; fi
if [ ! -f "$S" ]; then echo "script=notfile"; exit 0; fi
if [ ! -x "$S" ]; then echo "script=noexec"; exit 0; fi
echo "script=ok"
if [ ! -d "$SRC" ]; then echo "src=missing"; exit 0; fi
out=$(mktemp) err=$(mktemp)
"""

# Two normal runs: each with a fresh file in /srv/shop that the day's archive must then hold
# (the second run must replace the archive of the first: "running it twice on the same day
# replaces that day's archive").
GOOD_RUN = COMMON + r"""
run() {  # $1 = 1 or 2
  probe="labctl-probe-$token-$1.txt"
  printf '%s' "$token-$1" > "$SRC/$probe"
  before=$(date +%F)
  timeout 25 "$S" >"$out" 2>"$err"; echo "$1_rc=$?"
  after=$(date +%F)
  rm -f "$SRC/$probe"
  echo "$1_stderr=$(grep . "$err" | tail -n1)"
  echo "$1_dest=$(ls -1 "$DEST" 2>/dev/null | head -n5 | tr '\n' ' ')"
  for d in "$before" "$after"; do
    a="$DEST/shop-$d.tar.gz"
    [ -e "$a" ] || continue
    echo "$1_archive=$a"
    list=$(mktemp)
    tar -tzf "$a" >"$list" 2>"$err"; echo "$1_tar_rc=$?"; echo "$1_tar_err=$(grep . "$err" | tail -n1)"
    member=$(grep -m1 -E "(^|/)$probe\$" "$list")
    echo "$1_member=$member"
    grep -q 'public/index\.html$' "$list" && echo "$1_index=yes"
    [ -n "$member" ] && echo "$1_content=$(tar -xzOf "$a" "$member")"
    rm -f "$list"
    break
  done
}
run 1
run 2
"""

# A run with /srv/shop moved away. The day's archive is in place during the run (the real one,
# or a stand-in the checker makes), so that a run that deletes or overwrites it is seen; it is
# restored afterwards.
FAILED_RUN = COMMON + r"""
moved="/srv/.shop-moved-by-grader-$token"
today=$(date +%F)
a="$DEST/shop-$today.tar.gz" kept="$DEST/.shop-$today.tar.gz.grader-$token"
mkdir -p "$DEST"
had=no
if [ -e "$a" ]; then cp -p "$a" "$kept" && had=yes
else d=$(mktemp -d) && echo "stand-in made by the grader" > "$d/grader.txt" && tar -czf "$a" -C "$d" . && rm -rf "$d"
fi
sum=$(sha256sum "$a" | cut -d' ' -f1)
mv "$SRC" "$moved" || { echo "move=failed"; exit 0; }
restore() {
  if [ ! -e "$a" ]; then echo "archive=removed"
  elif [ "$(sha256sum "$a" | cut -d' ' -f1)" != "$sum" ]; then echo "archive=changed"
  fi
  if [ "$had" = yes ]; then mv -f "$kept" "$a"; else rm -f "$a"; fi
  f="$DEST/shop-$(date +%F).tar.gz"  # the day changed during the run
  if [ "$f" != "$a" ] && [ -e "$f" ]; then echo "left=$f"; rm -f "$f"; fi
  if [ -e "$SRC" ]; then mv "$SRC" "/tmp/shop-created-during-backup-check-$token"; fi
  mv "$moved" "$SRC"
}
trap restore EXIT
timeout 25 "$S" >"$out" 2>"$err"; echo "rc=$?"
echo "stderr_lines=$(grep -c . "$err")"
echo "stdout_lines=$(grep -c . "$out")"
"""

# A run whose destination cannot be written: a file where the folder /var/backups/shop should be.
UNWRITABLE_RUN = COMMON + r"""
aside="/var/backups/.shop-moved-by-grader-$token"
[ -e "$DEST" ] && { mv "$DEST" "$aside" || { echo "move=failed"; exit 0; }; }
restore() {
  rm -rf "$DEST"
  [ -e "$aside" ] && mv "$aside" "$DEST"
}
trap restore EXIT
echo "a file where the backup folder should be" > "$DEST"
timeout 25 "$S" >"$out" 2>"$err"; echo "rc=$?"
echo "stderr_lines=$(grep -c . "$err")"
echo "stdout_lines=$(grep -c . "$out")"
"""

SCRIPT_PROBLEMS = {
    "missing": f"{SCRIPT} does not exist on web01",
    "notfile": f"{SCRIPT} should be a script file",
    "noexec": f"{SCRIPT} is not executable (chmod +x it)",
}


def _run(host, script):
    token = secrets.token_hex(6)
    result = host("web").run("bash -c %s backup-check %s", script, token)
    facts = {"token": token}
    for line in result.stdout.splitlines():
        key, sep, value = line.partition("=")
        if sep and key not in facts:
            facts[key] = value
    return facts


def _require_script(facts):
    assert facts.get("script") == "ok", SCRIPT_PROBLEMS.get(facts.get("script", ""), f"could not run {SCRIPT}")
    assert facts.get("src") != "missing", f"{SRC} is missing on web01: put the shop back before grading"


@pytest.mark.points(1)
def test_script_is_executable(host):
    result = host("web").run("test -e %s || exit 3; test -f %s || exit 4; test -x %s || exit 5", SCRIPT, SCRIPT, SCRIPT)
    problem = {3: "missing", 4: "notfile", 5: "noexec"}.get(result.rc)
    assert problem is None, SCRIPT_PROBLEMS[problem]


@pytest.fixture(scope="module")
def good_runs(host):
    return _run(host, GOOD_RUN)


def _archive_problem(facts, n, what):
    """Why run `n` did not leave the day's archive with the current contents ('' if it did)."""
    archive = facts.get(f"{n}_archive")
    if not archive:
        found = facts.get(f"{n}_dest", "").split()
        return (f"after {what} there is no {DEST}/shop-YYYY-MM-DD.tar.gz for today; "
                + (f"{DEST} holds: {', '.join(found)}" if found else f"{DEST} is empty or missing"))
    if facts.get(f"{n}_tar_rc") != "0":
        return f"{archive} is not a gzip-compressed tar archive ({facts.get(f'{n}_tar_err') or 'tar -tzf failed'})"
    if not facts.get(f"{n}_member"):
        return (f"{archive} does not hold the current contents of {SRC}: a file the checker created in {SRC} "
                f"just before {what} is not in it")
    if facts.get(f"{n}_index") != "yes":
        return f"{archive} does not hold {SRC}/public/index.html: the whole folder, subfolders included, must be archived"
    if facts.get(f"{n}_content") != f"{facts['token']}-{n}":
        return f"{facts[f'{n}_member']} in {archive} does not have the content it had in {SRC}"
    return ""


@pytest.mark.points(5)
def test_backup_archives_the_app_folder(good_runs):
    facts = good_runs
    _require_script(facts)
    assert facts.get("1_rc") == "0", (
        f"running {SCRIPT} (as root, with {SRC} in place) failed with exit status {facts.get('1_rc')}: "
        f"{facts.get('1_stderr') or 'no message'}"
    )
    problem = _archive_problem(facts, 1, "a successful run")
    assert not problem, problem


def test_second_run_replaces_the_archive(good_runs):
    facts = good_runs
    _require_script(facts)
    assert facts.get("1_rc") == "0", f"{SCRIPT} does not succeed yet (see the check before)"
    assert facts.get("2_rc") == "0", (
        f"running {SCRIPT} a second time the same day failed with exit status {facts.get('2_rc')}: "
        f"{facts.get('2_stderr') or 'no message'}; a second run must replace that day's archive"
    )
    problem = _archive_problem(facts, 2, "a second run the same day")
    assert not problem, problem + " (a second run must replace that day's archive)"


@pytest.fixture(scope="module")
def failed_run(host):
    return _run(host, FAILED_RUN)


def _loud(run, situation):
    _require_script(run)
    assert run.get("move") != "failed", f"the checker could not set up a failure ({situation})"
    rc = run.get("rc")
    assert rc not in (None, "0"), (
        f"with {situation}, {SCRIPT} exited with status 0: it must exit non-zero when the backup fails"
    )
    if run.get("stderr_lines", "0") == "0":
        where = " (it printed to stdout instead)" if run.get("stdout_lines", "0") != "0" else ""
        raise AssertionError(f"with {situation}, {SCRIPT} exited {rc} without an error message on stderr{where}")


@pytest.mark.points(3)
def test_backup_fails_loudly(failed_run):
    _loud(failed_run, f"{SRC} missing")


def test_backup_fails_loudly_when_it_cannot_write(host):
    _loud(_run(host, UNWRITABLE_RUN), f"{DEST} unusable (a file where the folder should be)")


@pytest.mark.points(2)
def test_failed_run_leaves_no_archive(failed_run):
    _require_script(failed_run)
    assert failed_run.get("rc") not in (None, "0"), f"with {SRC} missing, {SCRIPT} did not fail (exit status 0)"
    archive = failed_run.get("archive")
    assert archive != "removed", (
        f"with {SRC} missing, {SCRIPT} failed and deleted the day's archive: a failed run must leave the last "
        "good backup alone"
    )
    assert archive != "changed", (
        f"with {SRC} missing, {SCRIPT} failed but overwrote the day's archive: a broken archive must not keep "
        "the name of a good one (write to a temporary file, rename it on success)"
    )
    left = failed_run.get("left")
    assert not left, (
        f"with {SRC} missing, {SCRIPT} failed but left {left} behind: a broken archive must not keep the "
        "name of a good one (write to a temporary file, rename it on success)"
    )
