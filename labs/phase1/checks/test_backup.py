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

# A normal run, with a fresh file in /srv/shop that the archive must hold.
GOOD_RUN = COMMON + r"""
probe="labctl-probe-$token.txt"
printf '%s' "$token" > "$SRC/$probe"
before=$(date +%F)
timeout 25 "$S" >"$out" 2>"$err"; echo "rc=$?"
after=$(date +%F)
rm -f "$SRC/$probe"
echo "stderr=$(grep . "$err" | tail -n1)"
echo "dest=$(ls -1 "$DEST" 2>/dev/null | head -n5 | tr '\n' ' ')"
for d in "$before" "$after"; do
  a="$DEST/shop-$d.tar.gz"
  [ -e "$a" ] || continue
  echo "archive=$a"
  list=$(mktemp)
  tar -tzf "$a" >"$list" 2>"$err"; echo "tar_rc=$?"; echo "tar_err=$(grep . "$err" | tail -n1)"
  member=$(grep -m1 -E "(^|/)$probe\$" "$list")
  echo "member=$member"
  grep -q 'public/index\.html$' "$list" && echo "index=yes"
  [ -n "$member" ] && echo "content=$(tar -xzOf "$a" "$member")"
  break
done
"""

# A run with /srv/shop moved away; the day's archive (if any) is kept aside and restored.
FAILED_RUN = COMMON + r"""
moved="/srv/.shop-moved-by-grader-$token"
today=$(date +%F)
a="$DEST/shop-$today.tar.gz" kept="$DEST/.shop-$today.tar.gz.grader-$token"
mv "$SRC" "$moved" || { echo "move=failed"; exit 0; }
had=no
if [ -e "$a" ]; then mv -f "$a" "$kept" && had=yes; fi
restore() {
  for d in "$today" "$(date +%F)"; do
    f="$DEST/shop-$d.tar.gz"
    if [ -e "$f" ]; then echo "left=$f"; rm -f "$f"; fi
  done
  if [ "$had" = yes ]; then mv -f "$kept" "$a"; fi
  if [ -e "$SRC" ]; then mv "$SRC" "/tmp/shop-created-during-backup-check-$token"; fi
  mv "$moved" "$SRC"
}
trap restore EXIT
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


@pytest.mark.points(5)
def test_backup_archives_the_app_folder(host):
    facts = _run(host, GOOD_RUN)
    _require_script(facts)
    assert facts.get("rc") == "0", (
        f"running {SCRIPT} (as root, with {SRC} in place) failed with exit status {facts.get('rc')}: "
        f"{facts.get('stderr') or 'no message'}"
    )
    archive = facts.get("archive")
    if not archive:
        found = facts.get("dest", "").split()
        raise AssertionError(
            f"after a successful run there is no {DEST}/shop-YYYY-MM-DD.tar.gz for today; "
            + (f"{DEST} holds: {', '.join(found)}" if found else f"{DEST} is empty or missing")
        )
    assert facts.get("tar_rc") == "0", (
        f"{archive} is not a gzip-compressed tar archive ({facts.get('tar_err') or 'tar -tzf failed'})"
    )
    assert facts.get("member"), (
        f"{archive} does not hold the current contents of {SRC}: a file the checker created in {SRC} "
        "just before the run is not in it"
    )
    assert facts.get("index") == "yes", (
        f"{archive} does not hold {SRC}/public/index.html: the whole folder, subfolders included, must be archived"
    )
    assert facts.get("content") == facts["token"], (
        f"{facts['member']} in {archive} does not have the content it had in {SRC}"
    )


@pytest.fixture(scope="module")
def failed_run(host):
    return _run(host, FAILED_RUN)


@pytest.mark.points(3)
def test_backup_fails_loudly(failed_run):
    _require_script(failed_run)
    assert failed_run.get("move") != "failed", f"the checker could not move {SRC} away to try a failure"
    rc = failed_run.get("rc")
    assert rc not in (None, "0"), (
        f"with {SRC} missing, {SCRIPT} exited with status 0: it must exit non-zero when the backup fails"
    )
    if failed_run.get("stderr_lines", "0") == "0":
        where = " (it printed to stdout instead)" if failed_run.get("stdout_lines", "0") != "0" else ""
        raise AssertionError(f"with {SRC} missing, {SCRIPT} exited {rc} without an error message on stderr{where}")


@pytest.mark.points(2)
def test_failed_run_leaves_no_archive(failed_run):
    _require_script(failed_run)
    assert failed_run.get("rc") not in (None, "0"), f"with {SRC} missing, {SCRIPT} did not fail (exit status 0)"
    left = failed_run.get("left")
    assert not left, (
        f"with {SRC} missing, {SCRIPT} failed but left {left} behind: a broken archive must not keep the "
        "name of a good one (write to a temporary file, rename it on success)"
    )
