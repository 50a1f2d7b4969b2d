"""Task cron: shop-backup runs daily at HH:MM as root, in any form cron understands.

The crontabs are read the way Debian's cron reads them (user crontabs without a
user field, /etc/crontab and /etc/cron.d with one, cron.d's file-name and
permission rules), and each schedule is expanded into the minutes, hours and
days it fires on, so `30 2 * * *`, `30 02 1-31 * *` or `30 2 * * 0-7` are equal.
"""

import base64
import re
from dataclasses import dataclass

import pytest

SCRIPT_NAME = "shop-backup"
BOUNDS = [(0, 59), (0, 23), (1, 31), (1, 12), (0, 7)]
NAMES = [
    {},
    {},
    {},
    {m: i + 1 for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])},
    {d: i for i, d in enumerate(["sun", "mon", "tue", "wed", "thu", "fri", "sat"])},
]
SPECIAL = {
    "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *",
    "@weekly": "0 0 * * 0", "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
}
ENV_LINE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*\s*=")
CRON_D_NAME = re.compile(r"^[A-Za-z0-9_-]+$")
SCRIPT_PATH = "/usr/local/bin/shop-backup"
#: every word of a command that names the script, with what precedes it (a path, or nothing)
SCRIPT_WORD = re.compile(r"(?<![\w.-])(\S*?)shop-backup(?![\w.-])")
#: the PATH cron gives commands unless the crontab sets one (Debian's cron)
CRON_PATH = "/usr/bin:/bin"


class CronSyntaxError(ValueError):
    pass


def _value(text, idx):
    text = text.lower()
    if text in NAMES[idx]:
        return NAMES[idx][text]
    if not text.isdigit():
        raise CronSyntaxError(f"'{text}' is not a number")
    return int(text)


def expand(field, idx):
    """The set of values a cron field matches (day-of-week 7 is Sunday, 0)."""
    lo, hi = BOUNDS[idx]
    values = set()
    for part in field.split(","):
        step = 1
        if "/" in part:
            part, step_text = part.split("/", 1)
            if not step_text.isdigit() or int(step_text) == 0:
                raise CronSyntaxError(f"bad step '/{step_text}'")
            step = int(step_text)
        if part == "*":
            start, end = lo, hi
        elif "-" in part:
            a, b = part.split("-", 1)
            start, end = _value(a, idx), _value(b, idx)
        else:
            start = _value(part, idx)
            end = hi if "/" in field and step > 1 else start
        if not (lo <= start <= hi and lo <= end <= hi) or start > end:
            raise CronSyntaxError(f"'{part}' is out of range {lo}-{hi}")
        values.update(range(start, end + 1, step))
    if idx == 4 and 7 in values:
        values.discard(7)
        values.add(0)
    return values


@dataclass
class Entry:
    source: str
    line: str
    user: str
    fields: list  # the five schedule fields ([] for @reboot)
    problem: str = ""

    def fires_daily_at(self):
        """(minutes, hours, every_day) of this schedule."""
        if not self.fields:
            return set(), set(), False
        mins, hours, dom, mon, dow = (expand(f, i) for i, f in enumerate(self.fields))
        all_dom, all_dow = dom == set(range(1, 32)), dow == set(range(7))
        if self.fields[2].startswith("*") or self.fields[4].startswith("*"):
            days_ok = all_dom and all_dow
        else:  # both restricted: cron fires when either matches
            days_ok = all_dom or all_dow
        return mins, hours, days_ok and mon == set(range(1, 13))


def _describe(mins, hours, daily):
    times = sorted(f"{h:02d}:{m:02d}" for h in hours for m in mins)
    when = ", ".join(times[:3]) + (f" and {len(times) - 3} more times" if len(times) > 3 else "")
    return f"at {when}" + (" every day" if daily else ", and not every day")


def _command_problem(command, path):
    """Why cron would not run /usr/local/bin/shop-backup with this command ('' if it would)."""
    words = [re.split(r"[\"'();&|=`]", prefix)[-1] for prefix in SCRIPT_WORD.findall(command)]
    if any(prefix == "/usr/local/bin/" for prefix in words):
        return ""
    if "" in words:
        dirs = path.split(":")
        if "/usr/local/bin" in dirs or "/usr/local/bin/" in dirs:
            return ""
        return (f"cron runs commands with PATH={path}, where there is no shop-backup: write the full path "
                f"{SCRIPT_PATH} (or set PATH=... in that crontab)")
    if words:
        return f"it runs {words[0]}shop-backup, not {SCRIPT_PATH}"
    return ""


def _parse(source, text, has_user_field, known_users):
    entries = []
    lines = text.split("\n")
    path = CRON_PATH
    for n, raw in enumerate(lines):
        line = raw.strip()
        setting = re.match(r"^PATH\s*=\s*(.*)$", line)
        if setting:
            path = setting.group(1).strip().strip("'\"")
            continue
        if not line or line.startswith("#") or ENV_LINE.match(line) or SCRIPT_NAME not in line:
            continue
        unterminated = n == len(lines) - 1  # the text did not end with a newline
        if line.startswith("@"):
            word, rest = ([*line.split(None, 1), ""])[:2]
            if word.lower() == "@reboot":
                fields, rest = [], rest.strip()
            elif word.lower() in SPECIAL:
                fields = SPECIAL[word.lower()].split()
                rest = rest.strip()
            else:
                entries.append(Entry(source, line, "?", [], f"'{word}' is not a schedule cron knows"))
                continue
        else:
            parts = line.split(None, 5)
            if len(parts) < 6:
                entries.append(Entry(source, line, "?", [], "the line has fewer than 5 time fields and a command"))
                continue
            fields, rest = parts[:5], parts[5]
        user = "root"
        if has_user_field:
            bits = rest.split(None, 1) or [""]
            user, rest = bits[0], (bits[1] if len(bits) > 1 else "")
            if SCRIPT_NAME in user:
                entries.append(Entry(source, line, "?", fields, "the line has no user field (put 'root' before the command)"))
                continue
        problem = ""
        try:
            for i, f in enumerate(fields):
                expand(f, i)
        except CronSyntaxError as exc:
            problem = f"its schedule is not valid ({exc})"
        first = rest.split()[0] if rest.split() else ""
        if not problem and has_user_field and user not in known_users:
            problem = f"the user field '{user}' is not a user on web01"
        elif not problem and not has_user_field and first in known_users and SCRIPT_NAME not in first:
            problem = (f"a user crontab has no user field: cron would run a command named '{first}' "
                       "(drop it, or use /etc/cron.d)")
        elif not problem and re.search(r"(?<!\\)%", rest):
            problem = "the command holds an unescaped %, which cron turns into a newline (write \\% instead)"
        elif not problem and unterminated:
            problem = "the line does not end with a newline, so cron ignores it"
        if not problem:
            problem = _command_problem(rest, path)
        entries.append(Entry(source, line, user, fields, problem))
    return entries


# One exec dumps every crontab cron reads, base64-encoded (so a missing final newline shows).
DUMP = r"""
echo "users $(getent passwd | cut -d: -f1 | tr '\n' ' ')"
for u in $( (echo root; ls -1 /var/spool/cron/crontabs 2>/dev/null) | sort -u); do
  if t=$(crontab -l -u "$u" 2>/dev/null; echo x); [ "$t" != x ]; then
    printf '%s' "${t%x}" | { printf 'crontab %s ' "$u"; base64 -w0; echo; }
  fi
done
[ -f /etc/crontab ] && { printf 'file /etc/crontab '; base64 -w0 /etc/crontab; echo; }
find -L /etc/cron.d -mindepth 1 -maxdepth 1 -printf '%f %u %m %y\n' 2>/dev/null | while read -r name owner mode kind; do
  printf 'crond %s %s %s %s ' "$name" "$owner" "$mode" "$kind"; base64 -w0 "/etc/cron.d/$name" 2>/dev/null; echo
done
"""


def collect(web):
    """Every cron entry on web01 that mentions shop-backup."""
    dump = web.run("bash -c %s", DUMP).stdout.splitlines()
    known = set()
    entries = []
    for row in dump:
        kind, _, rest = row.partition(" ")
        if kind == "users":
            known = set(rest.split())
        elif kind == "crontab":
            owner, _, data = rest.partition(" ")
            for e in _parse(f"{owner}'s crontab", _decode(data), False, known):
                if owner != "root" and not e.problem:
                    e.problem = f"it is in {owner}'s crontab, so it would run as {owner}, not root"
                e.user = owner
                entries.append(e)
        elif kind == "file":
            path, _, data = rest.partition(" ")
            entries += _parse(path, _decode(data), True, known)
        elif kind == "crond":
            parts = rest.split(" ")
            if len(parts) < 4:
                continue
            name, owner, mode, ftype = parts[:4]
            data = parts[4] if len(parts) > 4 else ""
            path = f"/etc/cron.d/{name}"
            found = _parse(path, _decode(data), True, known)
            why = ""
            if not CRON_D_NAME.match(name):
                why = f"cron ignores {path}: names in /etc/cron.d may only hold letters, digits, '-' and '_'"
            elif owner != "root":
                why = f"cron ignores {path}: it must belong to root (it belongs to {owner})"
            elif int(mode, 8) & 0o022:
                why = f"cron ignores {path}: it must not be writable by group or others (mode {mode})"
            elif ftype != "f":
                why = f"cron ignores {path}: it is not a regular file"
            for e in found:
                if why:
                    e.problem = why
            entries += found
    return entries


def _decode(data):
    try:
        return base64.b64decode(data).decode("utf-8", "replace")
    except ValueError:
        return ""


@pytest.mark.points(1)
def test_cron_daemon_running(host):
    web = host("web")
    result = web.run("pgrep -x cron")
    assert result.rc == 0, "the cron daemon is not running on web01 (start it: service cron start)"


@pytest.mark.points(4)
def test_backup_scheduled_daily(host, params):
    hour, minute = int(params["backup_hour"]), int(params["backup_minute"])
    wanted = f"{hour:02d}:{minute:02d}"
    entries = collect(host("web"))
    assert entries, (
        f"no cron entry on web01 runs {SCRIPT_NAME} (looked in the crontabs, /etc/crontab and /etc/cron.d)"
    )
    good, wrong = [], []
    for e in entries:
        if e.problem:
            continue
        mins, hours, daily = e.fires_daily_at()
        if daily and mins == {minute} and hours == {hour}:
            good.append(e)
        else:
            wrong.append((e, _describe(mins, hours, daily) if e.fields else "only at boot (@reboot)"))
    if not good:
        if wrong:
            e, when = wrong[0]
            raise AssertionError(f"the backup in {e.source} runs {when}; it should run every day at {wanted}")
        e = entries[0]
        raise AssertionError(f"the backup line in {e.source} does not work: {e.problem}")
    assert not wrong, (
        f"the backup runs every day at {wanted}, but {wrong[0][0].source} also runs it {wrong[0][1]}: "
        "it should run once a day"
    )
