"""Task canary: `/deploy/bin/canary PERCENT` sends that share of the search service's
requests to the canary instance, and the release manager raises it in steps.

The check walks the learner's steps: `canary 0`, each step of CANARY_STEPS in order, and
`canary 0` again (an aborted canary). Each change runs under load (eight clients, fresh
connections) and must not fail a request; once it has taken effect (nginx's workers of
before the change are gone, or at most 5 s) the check sends 500
requests (50 at 0% and 100%) and counts who answered. The count must lie within the
band of _deploy.share_band: the central binomial interval of a random per-request split
with at most 1e-7 outside on each side, so a correct canary fails a grading run (four
steps at most) with probability below 8e-7, and one sending 50% instead of 10% passes
with probability below 1e-50. 0% and 100% must be exact. Weights, split_clients, HAProxy
weights or `balance random`: any per-request split passes.
"""

from __future__ import annotations

import base64
from typing import Any

import _deploy as d
import pytest


def steps(params: dict[str, Any]) -> list[int]:
    return [int(x) for x in str(params["canary_steps"]).split()]


def _scenario(host: Any, http: Any, params: dict[str, Any]) -> list[dict[str, Any]]:
    d.require_scripts(host, "canary")
    d.Fleet(host).ensure_running(d.CANARY, "v1")
    target = d.address(http, "search")
    walk = [0, *steps(params), 0]
    results = []
    saved = _search_conf(host)
    try:
        for percent in walk:
            with d.Load(target) as load:
                workers = d.nginx_workers(host)
                run = d.run_script(host, f"canary {percent}", limit=30)
                d.settle(host, workers)
            n = d.CANARY_REQUESTS if 0 < percent < 100 else 50
            samples = d.measure(target, n)
            results.append({"percent": percent, "run": run, "load": load.samples, "samples": samples})
    finally:
        # The walk must not leave the load balancer as a broken canary script left it (nginx
        # refusing every reload): the other tasks' checks reload nginx too.
        if saved is not None and _search_conf(host) != saved:
            host("lb").run(f"echo {base64.b64encode(saved.encode()).decode()} | base64 -d > {SEARCH_CONF} "
                           "&& nginx -t -q && nginx -s reload")
    return results


SEARCH_CONF = "/deploy/nginx/search.conf"


def _search_conf(host: Any) -> str | None:
    result = host("lb").run(f"cat {SEARCH_CONF}")
    return result.stdout if result.rc == 0 else None


def scenario(host: Any, http: Any, params: dict[str, Any]) -> list[dict[str, Any]]:
    return d.once("canary", lambda: _scenario(host, http, params))


def judge(step: dict[str, Any]) -> str:
    """'' when the step's share is right, else what the learner reads."""
    percent, run, samples = step["percent"], step["run"], step["samples"]
    if run.rc != 0:
        return f"{run.describe()}; it should exit 0"
    ok = [s for s in samples if s.ok]
    if len(ok) < len(samples):
        return f"after `canary {percent}`, {d.describe_failures(samples, len(samples))}"
    to_canary = sum(1 for s in ok if s.instance == "canary")
    others = {s.instance for s in ok} - {"canary", "stable"}
    if others:
        return f"after `canary {percent}` the search service answered from {', '.join(sorted(others))}, not only stable and canary"
    low, high = d.share_band(percent, len(ok))
    if low <= to_canary <= high:
        return ""
    band = f"exactly {percent}%" if low == high else f"{low} to {high} ({d.fmt_pct(low / len(ok))} to {d.fmt_pct(high / len(ok))})"
    return (f"after `canary {percent}`, {to_canary} of {len(ok)} requests ({d.fmt_pct(to_canary / len(ok))}) reached the "
            f"canary; expected {band}, split per request")


def canary_ever_served(results: list[dict[str, Any]]) -> bool:
    return any(s.ok and s.instance == "canary" for step in results for s in step["samples"])


@pytest.mark.points(4)
def test_first_step_sends_the_given_share(host, http, params):
    results = scenario(host, http, params)
    why = judge(results[1])
    assert not why, why


@pytest.mark.points(3)
def test_raised_in_steps_to_all(host, http, params):
    results = scenario(host, http, params)
    problems = [w for w in (judge(step) for step in results[2:-1]) if w]
    assert not problems, problems[0] + (f" (and {len(problems) - 1} more steps wrong)" if len(problems) > 1 else "")


@pytest.mark.points(1)
def test_zero_sends_nothing_to_the_canary(host, http, params):
    results = scenario(host, http, params)
    assert canary_ever_served(results), (
        f"the canary never received a request at any step of {params['canary_steps']}, so `canary 0` cannot be judged"
    )
    problems = [w for w in (judge(results[0]), judge(results[-1])) if w]
    assert not problems, problems[0]


@pytest.mark.points(2)
def test_no_failed_request_while_changing(host, http, params):
    results = scenario(host, http, params)
    assert canary_ever_served(results), (
        f"the canary never received a request at any step of {params['canary_steps']}, so the changes cannot be judged"
    )
    for step in results:
        bad = d.failures(step["load"])
        if bad:
            raise AssertionError(
                f"while `canary {step['percent']}` changed the split, {d.describe_failures(step['load'], len(step['load']))}; "
                "changing the share must keep serving (reload, don't restart)"
            )


@pytest.mark.points(1)
def test_bad_percent_changes_nothing(host, http, params):
    results = scenario(host, http, params)
    assert canary_ever_served(results), (
        f"the canary never received a request at any step of {params['canary_steps']}, so this cannot be judged"
    )
    workers = d.nginx_workers(host)
    run = d.run_script(host, "canary 150", limit=30)
    d.settle(host, workers)
    samples = d.measure(d.address(http, "search"), 50)
    assert run.rc != 0, "`canary 150` exited 0; a PERCENT that is not a number from 0 to 100 must be refused (non-zero exit)"
    to_canary = sum(1 for s in samples if s.ok and s.instance == "canary")
    assert to_canary == 0 and not d.failures(samples), (
        f"after the refused `canary 150` the canary should still get nothing (the last step was 0); "
        f"search answered from: {d.spread(samples)}"
        + (f", and {len(d.failures(samples))} of 50 requests failed" if d.failures(samples) else "")
    )
