"""Task runbook: /lab/runbooks/remediate.sh detects the fault class and fixes it. Graded by
injecting a fresh fault of each class with the lab's chaos agent, running the script about
5 s later (before any alert fires), and measuring the shop's health for up to 60 s from
the injection. The grader undoes a fault the script did not fix."""

import time

import _incident as lab
import pytest

DELAY = 5  # s from the injection to running the script
LIMIT = 60  # s from the injection to a healthy shop
SETTLE = 10  # s after the script exits for its fix to take effect


@pytest.fixture
def shop(host, http, env, params):
    return lab.Lab(host, http, env, params)


def require_script(shop):
    path = shop.env.workspace_file(lab.RUNBOOK)
    assert path.is_file(), f"expected your runbook script in /lab/{lab.RUNBOOK}; there is no such file"
    r = shop.sh("workspace", f"test -x /lab/{lab.RUNBOOK}", timeout=10)
    assert r.rc == 0, f"/lab/{lab.RUNBOOK} is not executable: chmod +x it (and give it a #! line)"


def require_healthy(shop):
    problems = shop.settled_problems(wait=45)
    assert not problems, ("the shop must be healthy before the grader injects a fault (finish task mitigate); "
                          "it is not: " + "; ".join(problems))


def run_script(shop, budget: float) -> lab.Shell:
    return shop.sh("workspace", f"cd /lab && /lab/{lab.RUNBOOK} </dev/null", timeout=max(5.0, budget))


def drill(shop, what: str, *chaos_args: str) -> None:
    require_script(shop)
    require_healthy(shop)
    started = time.time()
    shop.chaos(*chaos_args)
    healthy = False
    try:
        time.sleep(max(0.0, started + DELAY - time.time()))
        result = run_script(shop, started + LIMIT - time.time())
        deadline = min(started + LIMIT, time.time() + SETTLE)
        while True:
            problems = shop.problems()
            if not problems or time.time() >= deadline:
                break
            time.sleep(1)
        healthy = not problems
        if problems:
            timed_out = result.rc == 124
            raise AssertionError(
                f"after {what} (`chaos inject {' '.join(chaos_args)}`), your runbook "
                + (f"was still running {LIMIT} s later" if timed_out else f"exited {result.rc}")
                + " and the shop is not healthy: " + "; ".join(problems)
                + (f". Its last output: {result.tail}" if result.tail else ". It printed nothing"))
    finally:
        if not healthy:
            shop.heal()


def other(choices, value):
    return choices[(choices.index(value) + 1) % len(choices)] if value in choices else choices[0]


@pytest.mark.points(2)
@pytest.mark.timeout(200)
def test_runbook_leaves_a_healthy_shop_alone(shop):
    require_script(shop)
    require_healthy(shop)
    result = run_script(shop, LIMIT)
    assert result.rc == 0, (f"on a healthy shop your runbook should find nothing to fix and exit 0; it exited "
                            f"{result.rc}: {result.tail or 'no output'}")
    problems = shop.settled_problems(wait=20)
    assert not problems, "on a healthy shop your runbook broke something: " + "; ".join(problems)


@pytest.mark.points(5)
@pytest.mark.timeout(240)
def test_runbook_fixes_a_link_fault(shop, params):
    link = other(lab.LINK_ORDER, params["link"])
    if params["fault"] == "latency":
        drill(shop, f"packet loss on {link}", "loss", link, "60")
    else:
        drill(shop, f"latency on {link}", "latency", link, "2500")


@pytest.mark.points(5)
@pytest.mark.timeout(240)
def test_runbook_fixes_a_dead_dependency(shop, params):
    dep = "cache" if params["fault"] == "dependency" and params["dependency"] == "db" else "db"
    drill(shop, f"{dep} dying", "kill", dep)


@pytest.mark.points(4)
@pytest.mark.timeout(240)
def test_runbook_fixes_a_full_disk(shop):
    drill(shop, "api's disk filling up", "disk")


@pytest.mark.points(4)
@pytest.mark.timeout(240)
def test_runbook_fixes_a_bad_config_push(shop, params):
    setting = other(["port", "host", "name"], params["bad_setting"])
    drill(shop, f"a bad configuration release ({setting})", "config", setting)
