"""Task heal: heal.py (on the learner's machine, Docker SDK) restarts the unhealthy containers
that carry every given label, waits for their health, reports the ones that did not recover
and exits 1 for them; it leaves healthy containers and other teams' containers alone.

The grader runs heal.py with the Python it runs on (which has the Docker SDK), from the env's
workspace, with the labels of the task text. It breaks containers with `docker exec`, and
repairs everything afterwards.
"""

from __future__ import annotations

import sys
import time

import pytest

from labctl import runner
from labctl.errors import CommandTimeout

TEAM_SERVICES = ("api", "cache", "queue")
RUN_LIMIT = 90


def _container(docker, env, service):
    name = env.containers.get(service)
    if not name:
        pytest.fail(f"the lab's {service} container is not running: `labctl reset python-ops` recreates it")
    return docker.containers.get(name)


def _health(c) -> str:
    c.reload()
    if c.status != "running":
        return c.status
    return ((c.attrs.get("State") or {}).get("Health") or {}).get("Status", "none")


def _started(c) -> str:
    c.reload()
    return c.attrs["State"]["StartedAt"]


def _wait(c, wanted: set[str], seconds: float = 30) -> str:
    state = _health(c)
    deadline = time.monotonic() + seconds
    while state not in wanted and time.monotonic() < deadline:
        time.sleep(0.5)
        state = _health(c)
    return state


def _break(c) -> None:
    c.exec_run(["rm", "-f", "/run/healthy"])
    state = _wait(c, {"unhealthy"})
    assert state == "unhealthy", f"the grader could not make {c.name} unhealthy (it is {state})"


def _repair(docker, c) -> None:
    c.reload()
    if c.status == "running":
        c.exec_run(["sh", "-c", "rm -f /state/corrupt; touch /run/healthy"])
    else:
        labels = {k: v for k, v in c.labels.items() if k in ("io.labctl.lab", "io.labctl.env")}
        docker.containers.run(c.image.id, ["rm", "-f", "/state/corrupt"], volumes_from=[c.id],
                              network_mode="none", remove=True, labels=labels)
        c.start()
    _wait(c, {"healthy"})


def _heal(env, params):
    script = env.workspace_file("heal.py")
    labels = [f"ops.team={params['team']}", "io.labctl.lab=python-ops", f"io.labctl.env={env.name}"]
    argv = [sys.executable, str(script)]
    for label in labels:
        argv += ["--label", label]
    argv += ["--timeout", "20"]
    started = time.monotonic()
    try:
        result = runner.run(argv, cwd=env.workspace, timeout=RUN_LIMIT, check=False)
    except CommandTimeout:
        pytest.fail(f"heal.py had not finished after {RUN_LIMIT} s (called with --timeout 20)")
    return result, time.monotonic() - started


def _out(result) -> str:
    return (result.stdout + "\n" + result.stderr).strip()


_RUNS: dict[str, dict] = {}


@pytest.fixture
def healed_cache(docker, env, params):
    """cache (the team's) and decoy (another team's) unhealthy, api healthy: heal.py runs once
    per grading, for the two checks that read the outcome."""
    if "cache" in _RUNS:
        yield _RUNS["cache"]
        return
    cs = {s: _container(docker, env, s) for s in ("api", "cache", "decoy")}
    for c in cs.values():
        _repair(docker, c)
    _break(cs["cache"])
    _break(cs["decoy"])
    before = {s: _started(c) for s, c in cs.items()}
    result, _ = _heal(env, params)
    after = {s: _started(c) for s, c in cs.items()}
    states = {s: _health(c) for s, c in cs.items()}
    _RUNS["cache"] = {"result": result, "before": before, "after": after, "states": states, "cs": cs}
    try:
        yield _RUNS["cache"]
    finally:
        for c in cs.values():
            _repair(docker, c)


@pytest.mark.points(6)
@pytest.mark.timeout(300)
def test_unhealthy_team_container_is_restarted_and_recovers(docker, healed_cache):
    r, before, after = healed_cache["result"], healed_cache["before"], healed_cache["after"]
    assert after["cache"] != before["cache"], (
        "the team's cache container was unhealthy but heal.py did not restart it "
        f"(exit code {r.returncode}): {_out(r)[-300:]!r}")
    state = _wait(healed_cache["cs"]["cache"], {"healthy"}, 5)
    assert state == "healthy", f"after heal.py, cache should be healthy; it is {state}"
    assert r.returncode == 0, (
        f"cache recovered, so heal.py should exit 0; it exited {r.returncode}: {_out(r)[-300:]!r}")
    assert "cache" in _out(r), "heal.py should print a line for each container it restarted (cache is not named)"


@pytest.mark.points(5)
@pytest.mark.timeout(300)
def test_healthy_and_other_teams_containers_are_left_alone(healed_cache):
    before, after = healed_cache["before"], healed_cache["after"]
    assert after["cache"] != before["cache"], "first make heal.py restart the team's unhealthy container (see above)"
    touched = [s for s in ("api", "decoy") if after[s] != before[s]]
    assert not touched, (
        "heal.py must restart only unhealthy containers carrying every --label given; it also restarted: "
        + ", ".join(f"{s} ({'healthy' if s == 'api' else 'another team'})" for s in touched))


@pytest.mark.points(7)
@pytest.mark.timeout(300)
def test_a_container_that_does_not_recover_is_reported(docker, env, params):
    queue = _container(docker, env, "queue")
    _repair(docker, queue)
    queue.exec_run(["touch", "/state/corrupt"])
    _break(queue)
    before = _started(queue)
    try:
        result, _ = _heal(env, params)
        restarted = _started(queue) != before or _health(queue) in ("exited", "dead")
    finally:
        _repair(docker, queue)
    assert restarted, f"queue was unhealthy but heal.py did not restart it (exit code {result.returncode})"
    assert result.returncode == 1, (
        "queue cannot start again after a restart, so it did not recover: heal.py should exit 1; it exited "
        f"{result.returncode}: {_out(result)[-300:]!r}")
    assert "queue" in _out(result), "heal.py should name the container that did not recover (queue)"


@pytest.mark.points(2)
@pytest.mark.timeout(300)
def test_nothing_unhealthy_nothing_restarted(docker, env, params):
    cs = [_container(docker, env, s) for s in TEAM_SERVICES]
    for c in cs:
        _repair(docker, c)
    before = [_started(c) for c in cs]
    result, _ = _heal(env, params)
    touched = [s for s, c, b in zip(TEAM_SERVICES, cs, before, strict=True) if _started(c) != b]
    assert not touched, f"with every container healthy, heal.py restarted: {', '.join(touched)}"
    assert result.returncode == 0, (
        f"with nothing unhealthy, heal.py should exit 0; it exited {result.returncode}: {_out(result)[-300:]!r}")
