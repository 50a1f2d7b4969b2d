"""Task alert: alert.py posts one firing alert per service that is anomalous at --at (default:
the history's end) to Alertmanager, labelled alertname/service/team/severity with a summary,
none for the others; the route delivers it to the on-call receiver.

Three scenarios, each on a clean Alertmanager (the grader restarts it): the history's end
(alert.py without --at; one service is in an anomaly then), a moment 10 minutes into an
anomaly of another service, and a quiet moment.
"""

from __future__ import annotations

import time

import _aiops as lab
import pytest

_runs: dict = {}


def _restart_alertmanager(docker, env, http) -> None:
    docker.containers.get(env.containers["alertmanager"]).restart(timeout=5)
    if not lab.wait_ready(http, "alertmanager"):
        raise AssertionError("the grader restarted Alertmanager and it did not come back within 60 s")


def _active(http, params) -> list[dict]:
    resp = http.get("alertmanager", "/api/v2/alerts", params={"active": "true", "silenced": "true",
                                                              "inhibited": "true", "unprocessed": "true"})
    return [a for a in resp.json() if a.get("labels", {}).get("alertname") == params["alert_name"]]


def _delivered(http, params, since: float) -> set[str]:
    services = set()
    for entry in http.get("receiver", "/alerts").json():
        if float(entry.get("received_at") or 0) < since:
            continue
        payload = entry.get("payload") or {}
        for alert in payload.get("alerts", []) if isinstance(payload, dict) else []:
            labels = alert.get("labels") or {}
            if labels.get("alertname") == params["alert_name"] and alert.get("status") == "firing":
                services.add(labels.get("service"))
    return services


def _scenario(host, http, docker, env, params, key: str):
    if key in _runs:
        return _runs[key]
    lab.need_script(host, "alert.py")
    t = lab.truth(host)
    at, want = {"end": (None, {t["live"]}),
                "ongoing": (t["ongoing"]["at"], {t["ongoing"]["service"]}),
                "quiet": (t["quiet"], set())}[key]
    _restart_alertmanager(docker, env, http)
    since = time.time() - 1
    r = lab.script(host, "alert.py", "" if at is None else f"--at {at}", timeout=120)
    alerts = _active(http, params)
    delivered: set[str] = set()
    if want and r.rc == 0:
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline and not want <= delivered:
            delivered = _delivered(http, params, since)
            time.sleep(1)
    _runs[key] = (r, alerts, want, delivered)
    return _runs[key]


def _grade(host, http, docker, env, params, key: str, what: str) -> None:
    r, alerts, want, delivered = _scenario(host, http, docker, env, params, key)
    assert r.rc == 0, f"{what}: alert.py exited {r.rc}: {lab.tail(r.out, 2)}"
    got = {a["labels"].get("service") for a in alerts}
    assert got == want, (
        f"{what}: Alertmanager should hold a {params['alert_name']} alert for "
        f"{', '.join(sorted(want)) or 'no service'}; it holds one for {', '.join(sorted(map(str, got))) or 'none'}")
    for a in alerts:
        labels, notes = a.get("labels", {}), a.get("annotations", {})
        wrong = [f"{k}={labels.get(k)!r}" for k, v in (("team", params["team"]), ("severity", "page"))
                 if labels.get(k) != v]
        assert not wrong, (f"{what}: the alert should carry team={params['team']} and severity=page; it has "
                           + ", ".join(wrong))
        assert str(notes.get("summary") or "").strip(), f"{what}: the alert should have a summary annotation"
        state = (a.get("status") or {}).get("state")
        assert state == "active", f"{what}: the alert should be firing (active); Alertmanager has it {state}: no endsAt in the past"
    if want:
        assert want <= delivered, (
            f"{what}: Alertmanager holds the alert but the on-call receiver got no firing notification for "
            f"{', '.join(sorted(want - delivered))} within 40 s (does it carry team={params['team']}?)")


@pytest.mark.points(8)
@pytest.mark.timeout(600)
def test_alert_at_the_end_of_the_history(host, http, docker, env, params):
    _grade(host, http, docker, env, params, "end", "at the end of the history (alert.py without --at)")


@pytest.mark.points(7)
@pytest.mark.timeout(600)
def test_alert_inside_an_earlier_anomaly(host, http, docker, env, params):
    _grade(host, http, docker, env, params, "ongoing", "10 minutes into an anomaly (alert.py --at T)")


@pytest.mark.points(5)
@pytest.mark.timeout(600)
def test_no_alert_at_a_quiet_moment(host, http, docker, env, params):
    _grade(host, http, docker, env, params, "quiet", "at a quiet moment (alert.py --at T)")
