"""phase5 (observability): an alternative correct solution scores full marks, and
plausible wrong ones lose the points of the task they get wrong.

One env for the module (up is the slow part). The alternative solution differs from
the reference one wherever a learner could reasonably differ: WSGI middleware instead
of Flask hooks, a `code` label plus a `path` label, custom buckets, /metrics served by
make_wsgi_app, other job names, `increase` instead of `rate` and no `by`, an alert on
the raw ratio in the same group, Alertmanager's old `match:` syntax and a webhook on
the receiver's root path, and a dashboard in the API's wrapper with a collapsed row,
$__rate_interval and a templating variable.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest
import requests

from labctl.testing import LabEnv

pytestmark = [pytest.mark.docker, pytest.mark.slow]

ALT_APP = r'''
import random
import time

from flask import Flask, jsonify, request
from prometheus_client import Counter, Histogram, make_wsgi_app
from werkzeug.middleware.dispatcher import DispatcherMiddleware

SERVICE = "{service}"
app = Flask(SERVICE)

REQUESTS = Counter(f"{{SERVICE}}_http_requests", "Requests by HTTP status code", ["code", "path"])
LATENCY = Histogram(f"{{SERVICE}}_http_request_duration_seconds", "Request latency",
                    ["path"], buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0))


class Measure:
    def __init__(self, wsgi):
        self.wsgi = wsgi

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        seen = {{}}

        def capture(status, headers, exc_info=None):
            seen["code"] = status.split(" ", 1)[0]
            return start_response(status, headers, exc_info)

        body = self.wsgi(environ, capture)
        path = environ.get("PATH_INFO", "")
        LATENCY.labels(path).observe(time.perf_counter() - started)
        REQUESTS.labels(seen.get("code", "500"), path).inc()
        return body


@app.route("/")
def index():
    return jsonify(service=SERVICE)


@app.route("/api/orders")
def orders():
    time.sleep(random.uniform(0.01, 0.06))
    if request.args.get("fail"):
        return jsonify(error="boom"), 500
    return jsonify(orders=[])


@app.route("/healthz")
def healthz():
    return "ok\n"


app.wsgi_app = DispatcherMiddleware(Measure(app.wsgi_app), {{"/metrics": make_wsgi_app()}})

if __name__ == "__main__":
    app.run(host="0.0.0.0", port=8000, threaded=True)
'''

ALT_PROMETHEUS = """
global:
  scrape_interval: 5s
  evaluation_interval: 5s
rule_files: ["/lab/prometheus/rules/*.yml"]
alerting:
  alertmanagers:
    - api_version: v2
      scheme: http
      static_configs:
        - targets: [alertmanager:9093]
scrape_configs:
  - job_name: self
    static_configs: [{targets: ["localhost:9090"]}]
  - job_name: orders-api
    metrics_path: /metrics
    static_configs: [{targets: ["app:8000"], labels: {env: lab}}]
  - job_name: host
    static_configs: [{targets: ["node-exporter:9100"]}]
"""

ALT_RULES = """
groups:
  - name: slo
    interval: 5s
    rules:
      - record: {s}:error_ratio:rate1m
        expr: sum(increase({s}_http_requests_total{{code=~"5.*"}}[1m])) / sum(increase({s}_http_requests_total[1m]))
      - alert: {alert}
        expr: sum(rate({s}_http_requests_total{{code=~"5.."}}[1m])) / sum(rate({s}_http_requests_total[1m])) > {thr}
        for: 5s
        labels: {{team: {team}}}
        annotations:
          description: "More than {pct}% of requests to {s} fail"
"""

ALT_ALERTMANAGER = """
route:
  receiver: blackhole
  group_by: [alertname, team]
  group_wait: 1s
  group_interval: 5s
  repeat_interval: 1h
  routes:
    - match: {{team: {team}}}
      receiver: oncall-pager
receivers:
  - name: blackhole
  - name: oncall-pager
    webhook_configs:
      - url: http://receiver:9095/
"""


def alt_dashboard(s: str) -> str:
    def panel(i: int, title: str, expr: str) -> dict:
        return {"id": i, "type": "timeseries", "title": title,
                "targets": [{"refId": "A", "expr": expr, "datasource": {"uid": "${DS}"}}]}

    rows = [
        panel(2, "Traffic", f'sum by (code) (rate({s}_http_requests_total{{job="$job"}}[$__rate_interval]))'),
        panel(3, "p99 latency", f"histogram_quantile(0.99, sum by (le) (rate({s}_http_request_duration_seconds_bucket[5m])))"),
        panel(4, "Errors", f'sum(rate({s}_http_requests_total{{code=~"5.."}}[5m])) / sum(rate({s}_http_requests_total[5m]))'),
        panel(5, "Memory available", "node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes"),
    ]
    doc = {"dashboard": {
        "title": "orders", "panels": [{"id": 1, "type": "row", "title": "Service", "collapsed": True,
                                       "panels": rows}],
        "templating": {"list": [{"name": "job", "type": "query", "current": {"value": "orders-api"}}]},
    }, "overwrite": True}
    return json.dumps(doc, indent=1)


def write(lab: LabEnv, path: str, text: str) -> None:
    target = lab.workspace / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text)


def reload(lab: LabEnv) -> None:
    lab.exec("workspace", "curl -fsS -X POST http://prometheus:9090/-/reload && "
                          "curl -fsS -X POST http://alertmanager:9093/-/reload")


def wait_for_metric(lab: LabEnv, needle: str, absent: str | None = None) -> None:
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            requests.get(lab.url("app", "/api/orders"), timeout=5)
            text = requests.get(lab.url("app", "/metrics"), timeout=5).text
            if needle in text and (absent is None or absent not in text):
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise AssertionError(f"the service did not start serving {needle}")


def failed(report, task: str) -> dict[str, str]:
    return {c.name: c.message for c in report.task(task).checks if not c.passed}


@pytest.fixture(scope="module")
def fresh() -> Iterator[LabEnv]:
    with LabEnv("phase5") as env:
        yield env


@pytest.fixture(scope="module")
def lab(fresh: LabEnv) -> LabEnv:
    """The env with the alternative solution applied."""
    env = fresh
    p = env.params
    s = p["service"]
    write(env, "app/app.py", ALT_APP.format(service=s))
    write(env, "prometheus/prometheus.yml", ALT_PROMETHEUS)
    write(env, "prometheus/rules/slo.yml", ALT_RULES.format(
        s=s, alert=p["alert_name"], team=p["team"], pct=p["error_threshold_pct"],
        thr=p["error_threshold_pct"] / 100))
    write(env, "alertmanager/alertmanager.yml", ALT_ALERTMANAGER.format(team=p["team"]))
    write(env, "dashboards/service-overview.json", alt_dashboard(s))
    wait_for_metric(env, f"{s}_http_requests_total")
    reload(env)
    return env


def test_alternative_solution_scores_full_marks(lab: LabEnv) -> None:
    report = lab.grade()
    problems = {t.id: failed(report, t.id) for t in report.tasks if not t.passed}
    assert report.percent == 100, problems


def test_dashboard_panel_without_data_loses_points(lab: LabEnv) -> None:
    s = lab.params["service"]
    doc = json.loads(alt_dashboard(s))
    doc["dashboard"]["panels"][0]["panels"][0]["targets"][0]["expr"] = f"sum(rate({s}_http_request_total[1m]))"
    write(lab, "dashboards/service-overview.json", json.dumps(doc))
    try:
        bad = failed(lab.grade(task="dashboard"), "dashboard")
        assert set(bad) == {"test_every_panel_shows_data"}, bad
        assert "show no data" in bad["test_every_panel_shows_data"], bad
    finally:
        write(lab, "dashboards/service-overview.json", alt_dashboard(s))


def test_catch_all_route_to_webhook_loses_points(lab: LabEnv) -> None:
    team = lab.params["team"]
    write(lab, "alertmanager/alertmanager.yml", ALT_ALERTMANAGER.format(team=team).replace(
        "receiver: blackhole\n  group_by", "receiver: oncall-pager\n  group_by"))
    reload(lab)
    try:
        bad = failed(lab.grade(task="routing"), "routing")
        assert set(bad) == {"test_other_teams_alerts_stay_out"}, bad
    finally:
        write(lab, "alertmanager/alertmanager.yml", ALT_ALERTMANAGER.format(team=team))
        reload(lab)


def test_recording_rule_of_error_rate_not_ratio_loses_points(lab: LabEnv) -> None:
    p = lab.params
    s = p["service"]
    good = ALT_RULES.format(s=s, alert=p["alert_name"], team=p["team"], pct=p["error_threshold_pct"],
                            thr=p["error_threshold_pct"] / 100)
    # per-status ratios: every series divides by itself, so the "ratio" is 1 for 5xx
    wrong = good.replace(
        f'sum(increase({s}_http_requests_total{{code=~"5.*"}}[1m])) / sum(increase({s}_http_requests_total[1m]))',
        f'sum by (code) (rate({s}_http_requests_total{{code=~"5.*"}}[1m])) / sum by (code) (rate({s}_http_requests_total[1m]))')
    assert wrong != good
    write(lab, "prometheus/rules/slo.yml", wrong)
    reload(lab)
    try:
        bad = failed(lab.grade(task="recording"), "recording")
        assert set(bad) == {"test_recording_rule_is_the_error_ratio"}, bad
    finally:
        write(lab, "prometheus/rules/slo.yml", good)
        reload(lab)


def test_alert_threshold_as_percentage_never_fires(lab: LabEnv) -> None:
    p = lab.params
    good = ALT_RULES.format(s=p["service"], alert=p["alert_name"], team=p["team"],
                            pct=p["error_threshold_pct"], thr=p["error_threshold_pct"] / 100)
    wrong = good.replace(f"> {p['error_threshold_pct'] / 100}", f"> {p['error_threshold_pct']}")
    assert wrong != good
    write(lab, "prometheus/rules/slo.yml", wrong)
    reload(lab)
    try:
        report = lab.grade(task="alert")
        bad = failed(report, "alert")
        assert "test_alert_condition_when_many_requests_fail" in bad, bad
        assert "is false" in bad["test_alert_condition_when_many_requests_fail"], bad
        assert "test_alert_rule_loaded" not in bad and "test_alert_is_quiet_when_few_requests_fail" not in bad, bad
        assert report.task("alert").score <= 10, report.task("alert")
    finally:
        write(lab, "prometheus/rules/slo.yml", good)
        reload(lab)


def test_alert_that_always_fires_loses_points(lab: LabEnv) -> None:
    p = lab.params
    good = ALT_RULES.format(s=p["service"], alert=p["alert_name"], team=p["team"],
                            pct=p["error_threshold_pct"], thr=p["error_threshold_pct"] / 100)
    wrong = good.replace(f"> {p['error_threshold_pct'] / 100}", "> 0")
    write(lab, "prometheus/rules/slo.yml", wrong)
    reload(lab)
    try:
        bad = failed(lab.grade(task="alert"), "alert")
        assert "test_alert_is_quiet_when_few_requests_fail" in bad, bad
    finally:
        write(lab, "prometheus/rules/slo.yml", good)
        reload(lab)


def test_counter_without_status_label_loses_points(lab: LabEnv) -> None:
    s = lab.params["service"]
    good = ALT_APP.format(service=s)
    wrong = good.replace('["code", "path"]', '["path"]').replace(
        'REQUESTS.labels(seen.get("code", "500"), path)', "REQUESTS.labels(path)")
    assert wrong != good
    write(lab, "app/app.py", wrong)
    wait_for_metric(lab, f"{s}_http_requests_total", absent='code="')
    try:
        bad = failed(lab.grade(task="instrument"), "instrument")
        assert set(bad) == {"test_request_counter_by_status"}, bad
        assert "status" in bad["test_request_counter_by_status"], bad
    finally:
        write(lab, "app/app.py", good)
