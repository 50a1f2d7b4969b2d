"""Task smoke: a smoke test that gates promotion.

`/deploy/bin/smoke-test URL VERSION` is run against six builds on the spare instances, one
after the other: one healthy (must exit 0) and five broken ones (each must exit non-zero within the
time limit). Then `/deploy/bin/promote` runs as CI would (see _pipeline): a healthy
release must go live with exit 0 without failing the shop's clients, and a broken one
(its /api/items answers 500) must be stopped: non-zero exit, the shop untouched.
"""

from __future__ import annotations

import _deploy as d
import _pipeline as pl
import pytest


@pytest.mark.points(1)
@pytest.mark.timeout(240)  # six smoke tests of up to 20 s each, one after the other
def test_smoke_test_passes_a_healthy_release(host):
    run = pl.probes(host)["check1"]
    assert run.rc == 0, f"{run.describe()}; on {pl.BUILDS['check1'][1]} it should exit 0"


@pytest.mark.points(3)
@pytest.mark.timeout(240)
def test_smoke_test_fails_broken_releases(host):
    runs = pl.probes(host)
    good = runs["check1"]
    assert good.rc == 0, (
        f"your smoke test also rejects a healthy build ({good.describe()}): a test that fails "
        "everything cannot tell a broken release from a good one"
    )
    passed = [n for n in pl.BUILDS if n != "check1" and runs[n].rc == 0]
    slow = [n for n in pl.BUILDS if n != "check1" and runs[n].rc == 124]
    assert not passed, (
        f"your smoke test passed {pl.BUILDS[passed[0]][1]} (`{runs[passed[0]].command}` exited 0)"
        + (f" and {len(passed) - 1} more broken build(s)" if len(passed) > 1 else "")
        + "; it must exit non-zero on any failed step"
    )
    assert not slow, (
        f"your smoke test did not decide within {pl.SMOKE_LIMIT} s on {pl.BUILDS[slow[0]][1]}: "
        "give every request a timeout (curl -m 5) and a bounded number of retries"
    )


@pytest.mark.points(2)
def test_promote_puts_a_healthy_release_live(host, http, params):
    why = pl.healthy_promotion_problem(pl.pipeline(host, http, params, upto="b"))
    assert not why, why


@pytest.mark.points(3)
def test_gate_stops_a_broken_release(host, http, params):
    p = pl.pipeline(host, http, params, upto="b")
    why = pl.healthy_promotion_problem(p)
    assert not why, f"the gate can only be judged once a healthy release gets through: {why}"
    a, b = p["a"], p["b"]
    assert b.live == a.version, (
        f"`promote {b.version}` (a build whose /api/items answers 500) should leave the shop on {a.version}; "
        f"{b.run.describe()}, and the shop then served: {b.live_text()}"
    )
    served = [x for x in b.load if x.ok and x.version == b.version]
    assert not served, (
        f"while `promote {b.version}` ran, the broken release answered {len(served)} of the shop's requests: "
        "test it on the idle color, directly, and switch only when the smoke test passed"
    )
    assert b.run.rc != 0, f"promote stopped the broken release but {b.run.describe()}; it should exit non-zero"


@pytest.mark.points(1)
def test_promote_keeps_the_shop_serving(host, http, params):
    p = pl.pipeline(host, http, params, upto="b")
    why = pl.healthy_promotion_problem(p)
    assert not why, why
    a = p["a"]
    bad = d.failures(a.load)
    assert not bad, (
        f"while `promote {a.version}` ran, {d.describe_failures(a.load, len(a.load))} of the shop's clients: "
        "deploy to the idle color (never the live one) and switch without dropping requests"
    )
