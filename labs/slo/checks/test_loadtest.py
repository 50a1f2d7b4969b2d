"""loadtest: the learner's locustfile, run by the check itself for 30 s with the task's command
line, sends the given total rate with the given browse:checkout mix.

The shop counts the requests it answers by route (the everyday users identify themselves, so
they are left out); the check compares the counts before and after its own run."""

import pytest

import _slo as lab

RUN_SECONDS = 30


def _counts(http):
    seen = lab.stats(http)["requests"].get("other", {})
    browse = sum(n for k, n in seen.items() if k.startswith("GET /api/products"))
    checkout = {k.rsplit(" ", 1)[1]: n for k, n in seen.items() if k.startswith("POST /api/checkout")}
    return browse, checkout


@pytest.fixture(scope="module")
def run(host, http, env):
    params = env.params
    if not env.workspace_file("load/locustfile.py").is_file():
        raise AssertionError("there is no load test at /lab/load/locustfile.py")
    users = int(params["users"])
    browse0, checkout0 = _counts(http)
    result = host("workspace").run(
        f"cd /lab/load && timeout {RUN_SECONDS + 30} locust -f /lab/load/locustfile.py --headless "
        f"-u {users} -r {users} -t {RUN_SECONDS}s -H http://app:8000 --only-summary --loglevel WARNING 2>&1")
    browse1, checkout1 = _counts(http)
    checkout = {code: n - checkout0.get(code, 0) for code, n in checkout1.items()}
    return {"browse": browse1 - browse0, "checkout": checkout, "output": result.stdout,
            "rc": result.rc}


def _sent(run):
    n = run["browse"] + sum(run["checkout"].values())
    if n == 0:
        tail = " | ".join(run["output"].strip().splitlines()[-4:])
        raise AssertionError(f"running your locustfile for {RUN_SECONDS} s sent the shop no request "
                             f"(locust exited {run['rc']}: {tail or 'no output'})")
    return n


@pytest.mark.points(2)
@pytest.mark.timeout(150)
def test_total_rate(run, params):
    rate = _sent(run) / RUN_SECONDS
    target = int(params["load_rps"])
    assert 0.8 * target <= rate <= 1.2 * target, (
        f"with {params['users']} users your load test sent {rate:.1f} requests per second in total; "
        f"it should send {target} (within 20%)")


@pytest.mark.points(2)
@pytest.mark.timeout(150)
def test_user_mix(run, params):
    n = _sent(run)
    checkout = sum(run["checkout"].values())
    share = checkout / n
    weight = int(params["browse_weight"])
    expected = 1 / (weight + 1)
    assert abs(share - expected) <= 0.1, (
        f"{checkout} of your {n} requests were checkouts ({share:.0%}); with {weight} browsing customers per "
        f"checkout, about {expected:.0%} should be")


@pytest.mark.timeout(150)
def test_checkouts_are_valid(run):
    checkout = run["checkout"]
    n = sum(checkout.values())
    assert n > 0, "your load test sent no POST /api/checkout"
    ok = checkout.get("201", 0) + checkout.get("503", 0)  # 503: the shop's own rare failures
    assert ok >= 0.9 * n, (
        f"only {ok} of your {n} checkouts were accepted (answers: "
        + ", ".join(f"{c}: {k}" for c, k in sorted(checkout.items()))
        + "); a checkout posts JSON with a non-empty items list")
