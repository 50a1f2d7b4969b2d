"""The incident lab's own logic, without Docker: the checks' helpers (what a learner may
write for a fault, a component, a time, a duration; what counts as evidence; the runbook
drill's plan) and the lab's pager (a real process on a free port)."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from support import load_module

LAB = Path(__file__).resolve().parents[2] / "labs" / "incident"

lab = load_module(LAB / "checks" / "_incident.py", "_incident", with_siblings=True)
postmortem = load_module(LAB / "checks" / "test_postmortem.py", "incident_test_postmortem", with_siblings=True)


@pytest.mark.parametrize(("said", "fault"), [
    ("latency", "latency"), ("Packet loss", "loss"), ("dependency down", "dependency-down"),
    ("disk_full", "disk-full"), ("Bad Config", "bad-config"), ("ShopHighErrorRate", None), ("", None),
])
def test_fault_names_a_learner_may_write(said: str, fault: str | None) -> None:
    assert lab.canonical_fault(said) == fault


@pytest.mark.parametrize(("said", "component"), [
    ("api-db", "api-db"), ("api -> postgres", "api-db"), ("nginx → api", "web-api"), ("db-api", "api-db"),
    ("redis", "cache"), ("api to cache", "api-cache"), ("shop-api", "api"), ("web", "web"), ("prometheus", None),
])
def test_components_a_learner_may_write(said: str, component: str | None) -> None:
    assert lab.canonical_component(said) == component


def test_times_need_a_zone() -> None:
    assert lab.parse_time("2026-12-05T10:00:00Z", "t") == lab.parse_time("2026-12-05 12:00:00+02:00", "t")
    assert lab.parse_time("2026-12-05T10:00:00.250Z", "t") % 1 == pytest.approx(0.25)
    with pytest.raises(lab.CheckProblem, match="no time zone"):
        lab.parse_time("2026-12-05T10:00:00", "timeline entry 1")
    with pytest.raises(lab.CheckProblem, match="not an ISO 8601"):
        lab.parse_time("10:03", "timeline entry 2")


def test_severity_follows_the_table() -> None:
    base = {"link": "api-db", "dependency": "cache"}
    assert lab.expected_severity({**base, "fault": "disk"}) == "SEV1"
    assert lab.expected_severity({**base, "fault": "config"}) == "SEV1"
    assert lab.expected_severity({**base, "fault": "dependency", "dependency": "db"}) == "SEV1"
    assert lab.expected_severity({**base, "fault": "dependency"}) == "SEV2"
    assert lab.expected_severity({**base, "fault": "latency"}) == "SEV2"
    assert lab.expected_severity({**base, "fault": "loss"}) == "SEV2"


def test_evidence_must_change_and_read_internals() -> None:
    assert lab.differs({"{}": 6.0}, {"{}": 0.01})
    assert lab.differs({'{"release": "003"}': 1.0}, {'{"release": "002"}': 1.0})
    assert lab.differs({'{"dependency": "db"}': 0.0}, {})
    assert not lab.differs({"{}": 1.0}, {"{}": 0.8})
    assert not lab.differs({"{}": 0.0}, {"{}": 0.0})
    names = lab.metric_names('histogram_quantile(0.95, sum by (le) (rate(shop_api_dependency_duration_seconds_bucket'
                             '{dependency="db"}[30s]))) or on() shop:client_error_ratio:rate30s')
    assert names == {"shop_api_dependency_duration_seconds_bucket", "shop:client_error_ratio:rate30s"}
    assert [n for n in names if not lab.symptom_metric(n)] == ["shop_api_dependency_duration_seconds_bucket"]


@pytest.mark.parametrize("fault", ["latency", "loss", "dependency", "disk", "config"])
@pytest.mark.parametrize("link", ["web-api", "api-db", "api-cache"])
@pytest.mark.parametrize("dependency", ["db", "cache"])
def test_the_drill_stays_away_from_the_learners_incident(fault: str, link: str, dependency: str) -> None:
    params = {"fault": fault, "link": link, "dependency": dependency, "bad_setting": "port"}
    plan = lab.drill_plan(params)
    assert lab.LINKS[plan.link][1] != plan.dependency  # the link's far end is not the dead dependency
    if fault in ("latency", "loss"):
        assert plan.link != link
        assert plan.kind != fault
    if fault == "dependency":
        assert plan.dependency != dependency
    assert plan.setting != "port"


def test_a_link_is_faulty_when_slower_than_the_control() -> None:
    assert lab.Probe("api-db", 20, [1.2], 1).problem() == ""
    assert "slow or loses packets" in lab.Probe("api-db", 3, [2.1, 2.0, 2.2], 3).problem()
    assert "slow or loses packets" in lab.Probe("web-api", 20, [1.0, 1.1, 1.0, 3.0, 1.0, 1.2], 1).problem()
    assert "cannot talk to db:5432" in lab.Probe("api-db", 1, [], 0, "Connection refused").problem()
    # a busy host slows the control machine's pings as much: no fault
    assert lab.Probe("api-db", 3, [1.5, 1.2, 2.2], 3, control=0.9).problem() == ""
    assert lab.Probe("web-api", 20, [1.0] * 8, 1, control=0.5).problem() == ""
    assert "slow or loses packets" in lab.Probe("api-cache", 3, [2.6, 2.5, 2.7], 3, control=0.25).problem()
    # slow pings with no iptables rule in the way are the host's load, not a link fault
    assert lab.Probe("api-cache", 3, [2.6, 2.5, 2.7], 3, control=0.0, rule=False).problem() == ""


def test_postmortem_sections_keep_their_subsections() -> None:
    text = ("# PM\n\n## Summary\nx\n\n## Lessons Learned\n### What went well\nfast page\n### What went wrong\n"
            "slow fix\n\n## Root Causes\nloss on api-db\n")
    found = postmortem.sections(text)
    assert "fast page" in found["lessons learned"] and "slow fix" in found["lessons learned"]
    assert found["root cause"] == "loss on api-db"


@pytest.mark.parametrize(("text", "seconds"), [
    ("12 minutes", 720), ("4 minutes 8 seconds", 248), ("1h 5m", 3900), ("0:05:12", 312), ("1:05", 3900),
    ("PT5M12S", 312), ("7.5 minutes", 450), ("a while", None),
])
def test_durations(text: str, seconds: float | None) -> None:
    assert postmortem.duration_seconds(text) == seconds


def test_blame_words() -> None:
    def blamed(text: str) -> bool:
        import re

        return any(re.search(p, text, re.I) for p in postmortem.BLAME)

    assert blamed("Root cause: human error by the on-call")
    assert blamed("It was the deployer's fault")
    assert blamed("The engineer was careless")
    assert not blamed("A blameless review: the pipeline let a broken release through")
    assert not blamed("The fault was packet loss on api-db")


# -- the pager ---------------------------------------------------------------------------------


@pytest.fixture
def pager(tmp_path: Path) -> Iterator[str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {"PAGER_PORT": str(port), "PAGER_FIRST_INCIDENT": "4000", "PAGER_STATE": str(tmp_path / "state.json"),
           "PATH": "/usr/bin:/bin"}
    proc = subprocess.Popen([sys.executable, str(LAB / "images/shop/lab/pager/server.py")], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.05)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _call(url: str, method: str = "GET", body: dict[str, Any] | None = None) -> tuple[int, Any]:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=5) as resp:
            return resp.status, json.load(resp)
    except urllib.error.HTTPError as exc:
        return exc.code, json.load(exc)


def _notify(url: str, status: str, *alerts: str) -> None:
    body = {"groupKey": '{}:{service="shop"}', "status": status, "commonLabels": {"service": "shop", "severity": "page"},
            "alerts": [{"status": status, "labels": {"alertname": a}} for a in alerts]}
    assert _call(url + "/webhook", "POST", body)[0] == 200


def test_pager_opens_acknowledges_and_resolves(pager: str) -> None:
    _notify(pager, "firing", "ShopHighLatency")
    _notify(pager, "firing", "ShopHighLatency", "ShopHighErrorRate")
    code, incidents = _call(pager + "/api/incidents")
    assert code == 200 and [i["id"] for i in incidents] == ["INC-4000"]
    assert incidents[0]["alerts"] == ["ShopHighLatency", "ShopHighErrorRate"]
    code, inc = _call(pager + "/api/incidents/INC-4000/ack", "POST", {"by": "sam"})
    assert code == 200 and inc["status"] == "acknowledged" and inc["acknowledged_by"] == "sam"
    _notify(pager, "resolved", "ShopHighLatency")
    code, inc = _call(pager + "/api/incidents/inc-4000")
    assert inc["status"] == "resolved" and inc["resolved_by"] == "alertmanager"
    assert inc["triggered_ts"] <= inc["acknowledged_ts"] <= inc["resolved_ts"]
    # the next page is a new incident; a resolved one can no longer be acknowledged
    _notify(pager, "firing", "ShopHighErrorRate")
    assert [i["id"] for i in _call(pager + "/api/incidents")[1]] == ["INC-4000", "INC-4001"]
    code, _ = _call(pager + "/api/incidents/INC-4001/resolve", "POST", {"by": "sam"})
    assert code == 200
    code, body = _call(pager + "/api/incidents/INC-4001/ack", "POST", {})
    assert code == 409 and "already resolved" in body["error"]
    assert _call(pager + "/api/incidents/INC-9")[0] == 404
