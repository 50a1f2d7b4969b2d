"""Task routing: Prometheus -> Alertmanager -> the team's webhook receiver.

Graded on what is loaded and what arrives: Prometheus' list of active Alertmanagers,
Alertmanager's loaded configuration (its routing tree tested with amtool, as the
learner can), and the notifications the receiver recorded after the check made the
alert fire.
"""

import base64
import shlex
import time
from urllib.parse import urlparse

import phase5_prom as p
import pytest
import yaml

RECEIVER_PORT = 9095


def _loaded_config(http):
    status = p.am_status(http)
    return status["config"]["original"]


def _webhook_receivers(config_text):
    """Names of receivers with a webhook to the lab's receiver service, at the URL the task
    names (http://receiver:9095/alerts)."""
    doc = yaml.safe_load(config_text) or {}
    names = set()
    for rcv in doc.get("receivers") or []:
        for hook in rcv.get("webhook_configs") or []:
            url = urlparse(str(hook.get("url", "")))
            if url.hostname == "receiver" and (url.port or 80) == RECEIVER_PORT and url.path.rstrip("/") == "/alerts":
                names.add(rcv.get("name"))
    return names


def _other_webhooks(config_text):
    doc = yaml.safe_load(config_text) or {}
    return [str(hook.get("url", "")) for rcv in doc.get("receivers") or [] for hook in rcv.get("webhook_configs") or []]


def _routes_for(host, config_text, labels):
    """Receivers Alertmanager's routing tree picks for an alert with these labels (amtool)."""
    blob = base64.b64encode(config_text.encode()).decode()
    args = " ".join(shlex.quote(f"{k}={v}") for k, v in labels.items())
    cmd = (f"echo {blob} | base64 -d > /tmp/labctl-am.yml && "
           f"amtool config routes test --config.file=/tmp/labctl-am.yml {args}")
    result = host("alertmanager").run(f"sh -c {shlex.quote(cmd)}")
    out = (result.stdout or "").strip()
    if result.rc != 0 and not out:
        raise AssertionError(f"amtool cannot read Alertmanager's loaded configuration: "
                             f"{(result.stderr or '').strip()[:150]}")
    return {name.strip() for name in out.split(",") if name.strip()}


def _addresses(docker, env, service):
    names = {service}
    container = env.containers.get(service)
    if container:
        names.add(container)
        try:
            c = docker.containers.get(container)
            for net in c.attrs["NetworkSettings"]["Networks"].values():
                names.add(net.get("IPAddress", ""))
                names.update(net.get("Aliases") or [])
        except Exception:
            pass
    names.discard("")
    return names


@pytest.mark.points(3)
def test_prometheus_sends_to_alertmanager(http, host, docker, env):
    p.require_config_loads(host)
    prom = p.Prom(http)
    active = prom.alertmanagers()
    urls = [a.get("url", "") for a in active]
    assert urls, (
        "expected Prometheus to know an Alertmanager (the `alerting:` section of "
        f"prometheus.yml); it has none{prom.reload_note()}"
    )
    hosts = _addresses(docker, env, "alertmanager")
    ok = [u for u in urls if urlparse(u).hostname in hosts and (urlparse(u).port or 80) == 9093]
    assert ok, (
        f"expected Prometheus to send alerts to alertmanager:9093; it sends them to: {', '.join(urls)}"
    )


@pytest.mark.points(4)
def test_team_alerts_route_to_webhook(http, host, params):
    p.require_alertmanager_config_loads(host)
    config = _loaded_config(http)
    hooks = _webhook_receivers(config)
    others = _other_webhooks(config)
    assert hooks, (
        "expected a receiver in Alertmanager's loaded configuration with a webhook to "
        f"http://receiver:{RECEIVER_PORT}/alerts; it has "
        + (f"webhooks to {', '.join(others)}" if others else "none (did you reload Alertmanager?)")
    )
    labels = {"alertname": params["alert_name"], "team": params["team"], "severity": "page"}
    picked = _routes_for(host, config, labels)
    assert picked & hooks, (
        f"expected an alert labelled team={params['team']} to be routed to your webhook receiver "
        f"({', '.join(sorted(hooks))}); Alertmanager routes it to: {', '.join(sorted(picked)) or 'nothing'}"
    )


@pytest.mark.points(1)
def test_other_teams_alerts_stay_out(http, host, params):
    p.require_alertmanager_config_loads(host)
    config = _loaded_config(http)
    hooks = _webhook_receivers(config)
    assert hooks, "first add the team's webhook receiver (see the check above)"
    mine = _routes_for(host, config, {"alertname": params["alert_name"], "team": params["team"], "severity": "page"})
    assert mine & hooks, "first route the team's alerts to the webhook receiver (see the check above)"
    # as urgent as the team's own alert (severity page), but another team's
    other = {"alertname": "DiskFull", "team": "team-storage-" + params["team"][-3:], "severity": "page"}
    picked = _routes_for(host, config, other)
    assert not picked & hooks, (
        f"expected only team {params['team']}'s alerts on its webhook; an alert of another team "
        f"(team={other['team']}) is routed there too: route on the team label, and keep the "
        "default receiver for everything else"
    )


@pytest.mark.points(5)
def test_alert_arrives_at_receiver(http, params):
    prom = p.Prom(http)
    note = p.make_it_fire(http, prom, params)
    assert not note, f"the alert never got to Alertmanager: {note}"
    name, team = params["alert_name"], params["team"]
    # only notifications of this firing episode count, not ones recorded earlier
    since = min(p._ts(a.get("activeAt")) for a in p.firing(prom, params)) - 1

    def arrived():
        resp = http.get("receiver", "/alerts")
        for entry in resp.json():
            if float(entry.get("received_at") or 0) < since:
                continue
            payload = entry.get("payload") or {}
            for alert in payload.get("alerts", []) if isinstance(payload, dict) else []:
                labels = alert.get("labels") or {}
                if labels.get("alertname") == name and labels.get("team") == team \
                        and alert.get("status") == "firing":
                    return True
        return False

    deadline = time.time() + 45
    while time.time() < deadline:
        if arrived():
            return
        time.sleep(1)
    resp = http.get("alertmanager", "/api/v2/alerts", params={"filter": f'alertname="{name}"'})
    in_am = resp.status_code == 200 and bool(resp.json())
    where = ("Alertmanager has the alert but did not deliver it to the receiver: check the "
             "route and the webhook URL (`labctl logs` for alertmanager)") if in_am else (
        "Alertmanager never got the alert: check `alerting:` in prometheus.yml")
    raise AssertionError(f"{name} fires in Prometheus but no notification reached the receiver "
                         f"within 45 s; {where}")
