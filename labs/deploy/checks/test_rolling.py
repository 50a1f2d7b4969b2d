"""Task rolling: `/deploy/bin/rolling-update VERSION` updates the catalog's replicas with at
most MAX_UNAVAILABLE unavailable at once and no failed request.

The check plants a fresh release, makes sure every replica is ready, then runs the
learner's script while eight clients load the catalog through lb. It reads the app
server's event log (fleetd records when each replica stops, starts warming up and becomes
ready): a replica is unavailable from the moment its deploy begins until it is ready, and
at no moment may more than MAX_UNAVAILABLE be. Every request must succeed, every replica
must end ready on the new version, and the load balancer must send traffic to all of them.
Draining through the load balancer (nginx `down`, HAProxy maint/drain) or letting it retry
a warming replica (proxy_next_upstream http_503, HAProxy health checks) both pass.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

import _deploy as d
import pytest


def replicas(params: dict[str, Any]) -> list[str]:
    return [f"web{i}" for i in range(1, int(params["replicas"]) + 1)]


def _scenario(host: Any, http: Any, params: dict[str, Any]) -> dict[str, Any]:
    d.require_scripts(host, "rolling-update")
    names = replicas(params)
    fleet = d.Fleet(host)
    fleet.ensure_running(names)
    (version,) = d.fresh_versions(1)
    fleet.plant(version, "good")
    target = d.address(http, "catalog")
    limit = 30 + 10 * len(names)
    with d.Load(target) as load:
        time.sleep(0.3)
        since = time.time()
        run = d.run_script(host, f"rolling-update {version}", limit=limit)
        time.sleep(0.5)
    events = [e for e in fleet.events(since - 0.01) if e["instance"] in names]
    status = fleet.status()
    # nginx's passive health check may keep a replica out for fail_timeout (10 s) after it
    # refused a request: wait for the load balancer to send traffic to every replica again
    deadline = time.time() + 15
    while True:
        after = d.measure(target, 10 * len(names))
        seen = {x.instance for x in after if x.ok}
        if set(names) <= seen or time.time() > deadline:
            break
        time.sleep(1)
    return {"version": version, "run": run, "load": load.samples, "events": events, "status": status,
            "after": after, "names": names}


def scenario(host: Any, http: Any, params: dict[str, Any]) -> dict[str, Any]:
    return d.once("rolling", lambda: _scenario(host, http, params))


def update_problem(s: dict[str, Any]) -> str:
    run, version, status = s["run"], s["version"], s["status"]
    wrong = [n for n in s["names"] if status[n]["version"] != version or status[n]["state"] != "ready"]
    if wrong:
        n = wrong[0]
        return (f"after `rolling-update {version}` ({run.describe()}) {len(wrong)} of {len(s['names'])} replicas are not "
                f"ready on {version}: {n} is {status[n]['state']} on {status[n]['version']}")
    if run.rc != 0:
        return f"every replica runs {version} but {run.describe()}; it should exit 0"
    return ""


def deployed_problem(s: dict[str, Any]) -> str:
    """'' if the script deployed the new version to every replica (ready or not), else why not."""
    version = s["version"]
    touched = {e["instance"] for e in s["events"] if e["version"] == version}
    missing = [n for n in s["names"] if n not in touched]
    if missing:
        return (f"`rolling-update {version}` ({s['run'].describe()}) never deployed {version} to "
                f"{', '.join(missing)}, so the update cannot be judged")
    return ""


def worst_moment(events: list[dict[str, Any]]) -> tuple[int, float, list[str]]:
    """The largest number of replicas unavailable at once, when, and which."""
    down: set[str] = set()
    worst: tuple[int, float, list[str]] = (0, 0.0, [])
    for e in sorted(events, key=lambda e: e["t"]):
        if e["state"] == "ready":
            down.discard(e["instance"])
        else:
            down.add(e["instance"])
        if len(down) > worst[0]:
            worst = (len(down), e["t"], sorted(down))
    return worst


@pytest.mark.points(2)
def test_every_replica_updated(host, http, params):
    why = update_problem(scenario(host, http, params))
    assert not why, why


@pytest.mark.points(4)
def test_never_more_than_max_unavailable(host, http, params):
    s = scenario(host, http, params)
    why = deployed_problem(s)
    assert not why, why
    limit = int(params["max_unavailable"])
    count, when, which = worst_moment(s["events"])
    at = datetime.fromtimestamp(when).strftime("%H:%M:%S.%f")[:-3]
    assert count <= limit, (
        f"at {at} {count} replicas were unavailable at once ({', '.join(which)}: stopped or still warming up); "
        f"at most {limit} may be: wait until a replica answers /healthz with 200 before taking the next one"
    )


@pytest.mark.points(3)
def test_no_failed_request_during_update(host, http, params):
    s = scenario(host, http, params)
    why = deployed_problem(s)
    assert not why, why
    bad = d.failures(s["load"])
    assert not bad, (
        f"during the rolling update {d.describe_failures(s['load'], len(s['load']))} of the catalog's clients; "
        "a replica answers 503 while it warms up: take it out of the load balancer first (or make the "
        "load balancer skip it), and put it back once it is ready"
    )


@pytest.mark.points(1)
def test_all_replicas_back_in_rotation(host, http, params):
    s = scenario(host, http, params)
    why = update_problem(s)
    assert not why, f"the update did not complete, so it cannot be judged: {why}"
    after = s["after"]
    seen = {x.instance for x in after if x.ok}
    missing = [n for n in s["names"] if n not in seen]
    assert not missing and not d.failures(after), (
        f"after the update {len(after)} requests to the catalog reached: {d.spread(after)}"
        + (f"; {', '.join(missing)} got none: put every replica back in the load balancer" if missing else "")
    )
    stale = {x.version for x in after if x.ok} - {s["version"]}
    assert not stale, f"after the update the catalog still answered with {', '.join(sorted(stale))}"
