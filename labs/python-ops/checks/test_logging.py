"""Task logging: `opsctl run` logs JSON lines on stderr (time, level, message), with one
outcome record per host carrying `host` and `status` at the right level.

Reads stderr of the same run as the fanout checks (one ok, one failed, one hung, one down host).
"""

from __future__ import annotations

import json

import _pyops as lab
import pytest

GOOD_LEVELS = {"info"}
BAD_LEVELS = {"warning", "warn", "error", "err", "critical", "fatal"}


def _records(host, params):
    run = lab.fanout_scenario(host, params, "mixed")
    lines = [ln for ln in run["result"].stderr.splitlines() if ln.strip()]
    records, bad = [], []
    for ln in lines:
        try:
            entry = json.loads(ln)
        except ValueError:
            entry = None
        if isinstance(entry, dict):
            records.append(entry)
        else:
            bad.append(ln)
    return run, lines, records, bad


@pytest.mark.points(4)
@pytest.mark.timeout(240)
def test_every_stderr_line_is_a_json_object(host, params):
    run, lines, records, bad = _records(host, params)
    assert lines, (f"`opsctl run` wrote nothing to stderr (exit code {run['result'].rc}"
                   f"{lab.no_module_note(run['result'])}); it should log there in JSON lines")
    assert not bad, (f"every line on stderr should be a JSON object; {len(bad)} of {len(lines)} are not, "
                     f"e.g. {bad[0][:160]!r}")
    missing = []
    for entry in records:
        for what, keys in (("a time", lab.TIME_KEYS), ("a level", lab.LEVEL_KEYS), ("a message", lab.MESSAGE_KEYS)):
            if lab.field(entry, keys) in (None, ""):
                missing.append(f"{what} ({'/'.join(keys[:3])}) in {json.dumps(entry)[:140]}")
    assert not missing, "each log record should have a time, a level and a message; missing: " + missing[0]


@pytest.mark.points(6)
@pytest.mark.timeout(240)
def test_each_host_outcome_is_logged_at_its_level(host, params):
    _, _, records, _ = _records(host, params)
    wrong = []
    for name, status in lab.EXPECTED.items():
        mine = [r for r in records if r.get("host") == name and r.get("status") == status]
        if not mine:
            seen = [r.get("status") for r in records if r.get("host") == name]
            wrong.append(f"{name}: no record with host={name} and status={status}"
                         + (f" (its records have status {seen})" if seen else ""))
            continue
        levels = {str(lab.field(r, lab.LEVEL_KEYS)).lower() for r in mine}
        want = GOOD_LEVELS if status == "ok" else BAD_LEVELS
        if not levels & want:
            wrong.append(f"{name} ({status}) is logged at level {', '.join(sorted(levels))}, expected "
                         + ("info" if status == "ok" else "warning or error"))
    assert not wrong, "each host's outcome should be logged with its host and status: " + "; ".join(wrong)
