"""Task record: the release log says what is live, since when, and who put it there.

Graded on the pipeline scenario (see _pipeline): after each promotion the check reads
/deploy/releases.log and compares its last line with what the shop really serves. Lines
are `TIME VERSION WHO [NOTE...]` or JSON objects with time/version/who; `#` lines and
blank lines are ignored. TIME is ISO 8601 (UTC if it has no offset) or epoch seconds.
"""

from __future__ import annotations

from typing import Any

import _deploy as d
import _pipeline as pl
import pytest

CLOCK_SLACK = 2.0


def newest(text: str) -> d.Entry | None:
    entries = d.parse_log(text)
    return entries[-1] if entries else None


def step_a(host: Any, http: Any, params: dict[str, Any]) -> dict[str, Any]:
    p = pl.pipeline(host, http, params)
    a = p["a"]
    if a.live != a.version:
        raise AssertionError(f"promote must work before its releases can be recorded: {pl.healthy_promotion_problem(p)}")
    return p


@pytest.mark.points(3)
def test_promotion_is_recorded(host, http, params):
    a = step_a(host, http, params)["a"]
    entry = newest(a.log)
    where = f"the last line of {d.LOG}"
    assert entry is not None, f"{d.LOG} has no release line after `promote {a.version}` put it live"
    assert entry.version == a.version, (
        f"after `promote {a.version}` put it live, {where} should name {a.version}; it is: {entry.raw[:120]}"
    )
    assert entry.who == a.deployer, (
        f"promote ran with DEPLOYER={a.deployer}; {where} says who is '{entry.who}' (use $DEPLOYER, or `id -un` when it is unset)"
    )
    assert entry.time is not None, (
        f"the time in {where} is not an ISO 8601 time or epoch seconds: {entry.raw[:120]} "
        "(date -u +%Y-%m-%dT%H:%M:%SZ makes one)"
    )
    assert a.run.start - CLOCK_SLACK <= entry.time <= a.run.end + CLOCK_SLACK, (
        f"the time in {where} ({entry.raw.split()[0] if not entry.raw.startswith('{') else entry.time}) is not when "
        f"promote ran: write the current time in UTC (a time without an offset is read as UTC)"
    )


@pytest.mark.points(1)
def test_history_is_kept(host, http, params):
    p = step_a(host, http, params)
    old = [e.raw for e in d.parse_log(p["before"].log)]
    now = [e.raw for e in d.parse_log(p["c"].log)]
    assert now[: len(old)] == old, (
        f"{d.LOG} lost or changed its earlier release lines: append a line per release (>>), never rewrite the file"
    )
    assert len(now) > len(old), f"{d.LOG} has no new line after the promotions"


@pytest.mark.points(2)
def test_stopped_release_is_not_recorded_as_live(host, http, params):
    b = step_a(host, http, params)["b"]
    entry = newest(b.log)
    live = b.live
    assert live is not None, f"after `promote {b.version}` the shop did not serve one version ({b.live_text()})"
    assert entry is not None and entry.version == live, (
        f"after `promote {b.version}` {live} is live, but the last line of {d.LOG} names "
        f"{entry.version if entry else 'nothing'}: record a version only once it is live "
        "(a note about a stopped release can be a # comment)"
    )


@pytest.mark.points(2)
def test_rollback_is_recorded(host, http, params):
    p = step_a(host, http, params)
    c = p["c"]
    if c.switched_at is None:
        raise AssertionError(f"`promote {c.version}` never made it live, so no rollback could be recorded ({c.run.describe()})")
    entry = newest(c.log)
    live = c.live
    assert live is not None, f"after `promote {c.version}` the shop did not serve one version ({c.live_text()})"
    assert entry is not None and entry.version == live, (
        f"after `promote {c.version}` went live and was rolled back, {live} is live, but the last line of "
        f"{d.LOG} names {entry.version if entry else 'nothing'}: when a rollback brings a version back, append a line for it"
    )
