"""Task runbook: /lab/runbooks/remediate.sh detects the faults it finds and fixes them.

Graded by a drill, once per grading run: the chaos agent injects a fresh fault of every class
at once (latency or loss on a link, a dependency killed, the API's disk filled, a bad config
release), on other components than the learner's own incident; about 5 s later the grader
runs the script, then measures each class (one check each) for up to 15 s after the script
exits and 120 s after the injection. The grader then undoes what is left of its own faults
(and only those). Last, the script runs once more, on a healthy shop: it must change nothing.
"""

import time

import _incident as lab
import pytest

DELAY = 5  # s from the injection to running the script
LIMIT = 120  # s from the injection to a fixed shop
SETTLE = 15  # s after the script exits for its fixes to take effect


def require_script(shop):
    path = shop.env.workspace_file(lab.RUNBOOK)
    if not path.is_file():
        return f"expected your runbook script in /lab/{lab.RUNBOOK}; there is no such file"
    if shop.sh("workspace", f"test -x /lab/{lab.RUNBOOK}", timeout=10).rc != 0:
        return f"/lab/{lab.RUNBOOK} is not executable: chmod +x it (and give it a #! line)"
    return ""


def run_script(shop, budget: float) -> lab.Shell:
    return shop.sh("workspace", f"cd /lab && /lab/{lab.RUNBOOK} </dev/null", timeout=max(5.0, budget))


@pytest.fixture(scope="module")
def drill(host, http, env):
    from labctl.grading.context import current

    params = dict(current().params)
    shop = lab.Lab(host, http, env, params)
    problem = require_script(shop)
    if problem:
        return {"error": problem}
    if shop.incident() is None:
        return {"error": "the incident has not started yet: the grader drills your runbook once the shop's own "
                         "incident began (a minute or so after `labctl up`)"}
    plan = lab.drill_plan(params)
    release = shop.release()
    started = time.time()
    try:
        try:
            shop.chaos(plan.kind, plan.link, plan.amount)
            shop.chaos("kill", plan.dependency)
            shop.chaos("disk")
            shop.chaos("config", plan.setting)
        except lab.CheckProblem as exc:
            return {"error": str(exc)}
        injected = time.time()
        time.sleep(max(0.0, injected + DELAY - time.time()))
        result = run_script(shop, injected + LIMIT - time.time())
        deadline = min(injected + LIMIT, time.time() + SETTLE)
        while True:
            classes = shop.drill_classes(plan)
            if not any(classes.values()) or time.time() >= deadline:
                break
            time.sleep(1)
    finally:
        shop.undo_drill(plan, started, release)
    return {"plan": plan, "classes": classes, "rc": result.rc, "tail": result.tail}


def verdict(drill, key, what):
    if "error" in drill:
        raise AssertionError(drill["error"])
    problem = drill["classes"][key]
    if problem:
        plan = drill["plan"]
        injected = (f"{plan.kind} on {plan.link}, {plan.dependency} killed, api's disk filled, a bad release "
                    f"({plan.setting})")
        ran = (f"was still running {LIMIT} s after the injection" if drill["rc"] == 124
               else f"exited {drill['rc']}")
        raise AssertionError(
            f"the grader injected a fault of every class ({injected}); your runbook {ran}, and {what} is still "
            f"broken: {problem}" + (f". Its last output: {drill['tail']}" if drill["tail"] else ". It printed nothing"))


@pytest.mark.points(5)
@pytest.mark.timeout(300)
def test_runbook_fixes_a_link_fault(drill):
    verdict(drill, "link", "the link")


@pytest.mark.points(4)
@pytest.mark.timeout(300)
def test_runbook_fixes_a_dead_dependency(drill):
    verdict(drill, "dependency", "the dependency")


@pytest.mark.points(4)
@pytest.mark.timeout(300)
def test_runbook_fixes_a_full_disk(drill):
    verdict(drill, "disk", "the disk")


@pytest.mark.points(4)
@pytest.mark.timeout(300)
def test_runbook_fixes_a_bad_config_push(drill):
    verdict(drill, "config", "the configuration")


@pytest.mark.points(3)
@pytest.mark.timeout(200)
def test_runbook_leaves_a_healthy_shop_alone(drill, host, http, env, params):
    if "error" in drill:
        raise AssertionError(drill["error"])
    shop = lab.Lab(host, http, env, params)
    problems = shop.settled_problems(wait=15)
    assert not problems, ("the grader runs your runbook on a healthy shop last, but the shop is not healthy "
                          "(mitigate your incident; see the drill's checks): " + "; ".join(problems))
    result = run_script(shop, LIMIT)
    problems = shop.settled_problems(wait=15)
    if problems:
        shop.heal()  # the shop was healthy before the run: put it back as it was
    assert not problems, "on a healthy shop your runbook broke something: " + "; ".join(problems)
    assert result.rc == 0, (f"on a healthy shop your runbook should find nothing to fix and exit 0; it exited "
                            f"{result.rc}: {result.tail or 'no output'}")
