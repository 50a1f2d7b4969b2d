"""Task rollback: promote watches the error rate after switching and rolls back.

Graded on the pipeline scenario (see _pipeline): a release that turns bad once it is live
(every request but /healthz fails) must be switched back to the last good
version within WATCH_SECONDS plus slack, with a non-zero exit; a healthy release must
stay live with exit 0 (a watch that rolls back everything is no watch).
"""

from __future__ import annotations

import _pipeline as pl
import pytest

SLACK = 60  # seconds beyond WATCH_SECONDS that promote may take to roll back (a busy machine)


def rollback_problem(p):
    """'' if step C was rolled back to the last good version, else why not."""
    b, c = p["b"], p["c"]
    if c.switched_at is None:
        why = pl.healthy_promotion_problem(p)
        if why:
            return f"promote must work before it can roll back: {why}"
        return (f"`promote {c.version}` never sent the shop's traffic to {c.version} ({c.run.describe()}), "
                "so there was nothing to roll back")
    last_good = b.live
    if c.live != last_good:
        return (f"{c.version} went live and then failed its users' requests, but after promote ended "
                f"({c.run.describe()}) the shop served: {c.live_text()}; promote should have switched back "
                f"to the last good version {last_good}")
    return ""


@pytest.mark.points(4)
def test_failing_release_is_rolled_back(host, http, params):
    why = rollback_problem(pl.pipeline(host, http, params))
    assert not why, why


@pytest.mark.points(2)
def test_rollback_fails_the_pipeline_in_time(host, http, params):
    p = pl.pipeline(host, http, params)
    why = rollback_problem(p)
    assert not why, why
    c, watch = p["c"], p["watch"]
    assert c.run.rc != 0, f"promote rolled back {c.version} but {c.run.describe()}; a rolled-back release must fail the pipeline (non-zero exit)"
    took = c.run.end - c.switched_at
    assert took <= watch + SLACK, (
        f"promote rolled back {took:.0f} s after the switch; it should watch for {watch} s and then "
        f"roll back promptly (within {watch + SLACK} s of the switch)"
    )


@pytest.mark.points(2)
def test_healthy_release_stays_live(host, http, params):
    p = pl.pipeline(host, http, params)
    why = rollback_problem(p)
    assert not why, f"this check counts once a failing release is rolled back: {why}"
    why = pl.healthy_promotion_problem(p)
    assert not why, f"{why} (is the watch rolling back healthy releases too?)"
