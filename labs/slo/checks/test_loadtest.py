"""loadtest: the learner's locustfile sends the given total rate with the given browse:checkout
mix, with the task's command line (-u USERS -r USERS).

Rate and mix are measured by running the locustfile's own users in virtual time
(locust_sim.py: Locust's classes, task choice and wait_time functions, a virtual clock and a
client that answers at once), so the verdict does not depend on how busy the machine is. A
short real run proves the file works under the locust command against the shop itself (it
only has to get answers: on a busy host 12 s may hold very few requests)."""

import json
from pathlib import Path

import _slo as lab
import pytest

SIM_SECONDS = 60
REAL_SECONDS = 12


@pytest.fixture(scope="module")
def sim(host, env):
    params = env.params
    if not env.workspace_file("load/locustfile.py").is_file():
        raise AssertionError("there is no load test at /lab/load/locustfile.py")
    ws = host("workspace")
    code = (Path(__file__).parent / "locust_sim.py").read_text()
    ws.run("printf '%%s' %s > /tmp/.slo-locust-sim.py", code)
    result = ws.run(f"cd /lab/load && timeout 120 /opt/locust/bin/python /tmp/.slo-locust-sim.py "
                    f"/lab/load/locustfile.py {int(params['users'])} {SIM_SECONDS}")
    lines = [ln for ln in result.stdout.splitlines() if ln.startswith("{")]
    if result.rc != 0 or not lines:
        tail = " | ".join((result.stderr or result.stdout).strip().splitlines()[-3:])
        raise AssertionError(f"your locustfile does not load in Locust: {tail or 'no output'}")
    data = json.loads(lines[-1])
    if "error" in data:
        raise AssertionError(f"your locustfile cannot run: {data['error']}")
    return data


def _sent(sim):
    req = sim["requests"]
    n = req["browse"] + req["checkout_ok"] + req["checkout_refused"]
    if n == 0:
        others = ", ".join(f"{k} ({v})" for k, v in list(req["other"].items())[:4]) or "nothing"
        errors = f"; errors: {' | '.join(sim['errors'])}" if sim["errors"] else ""
        raise AssertionError(f"your load test sends no GET /api/products and no POST /api/checkout "
                             f"(it sends: {others}){errors}")
    return n


@pytest.mark.points(2)
@pytest.mark.timeout(150)
def test_total_rate(sim, params):
    rate = _sent(sim) / SIM_SECONDS
    target = int(params["load_rps"])
    assert 0.85 * target <= rate <= 1.15 * target, (
        f"with {params['users']} users your load test sends {rate:.1f} requests per second in total to the "
        f"catalogue and checkout; it should send {target} (within 15%)")


@pytest.mark.points(2)
@pytest.mark.timeout(150)
def test_user_mix(sim, params):
    n = _sent(sim)
    checkout = sim["requests"]["checkout_ok"] + sim["requests"]["checkout_refused"]
    share = checkout / n
    weight = int(params["browse_weight"])
    expected = 1 / (weight + 1)
    assert abs(share - expected) <= 0.06, (
        f"{checkout} of your {n} requests are checkouts ({share:.0%}); with {weight} browsing customers per "
        f"checkout, about {expected:.0%} should be")


@pytest.mark.timeout(150)
def test_checkouts_are_valid(sim):
    req = sim["requests"]
    n = req["checkout_ok"] + req["checkout_refused"]
    assert n > 0, "your load test sends no POST /api/checkout"
    assert req["checkout_ok"] >= 0.9 * n, (
        f"only {req['checkout_ok']} of your {n} checkouts were accepted: a checkout posts JSON with a "
        "non-empty items list (the shop answers 400 to the others)")


@pytest.mark.timeout(150)
def test_runs_against_the_shop(host, http, params):
    def seen():
        other = lab.stats(http)["requests"].get("other", {})
        return (sum(n for k, n in other.items() if k.startswith("GET /api/products") and k.endswith(" 200")),
                other.get("POST /api/checkout 201", 0))

    users = int(params["users"])
    before = seen()
    result = host("workspace").run(
        f"cd /lab/load && timeout {REAL_SECONDS + 40} locust -f /lab/load/locustfile.py --headless -u {users} "
        f"-r {users} -t {REAL_SECONDS}s -H http://app:8000 --only-summary --loglevel WARNING 2>&1")
    after = seen()
    browse, checkout = after[0] - before[0], after[1] - before[1]
    tail = " | ".join(result.stdout.strip().splitlines()[-3:])
    assert browse + checkout > 0, (
        f"run with locust for {REAL_SECONDS} s, your load test got no catalogue page and no accepted "
        f"checkout from the shop (locust said: {tail or 'nothing'})")
