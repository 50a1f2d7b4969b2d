"""Task scrape: Prometheus scrapes the service and node-exporter, and both are up.

Targets are recognised by where they point (the service's and the exporter's
container, by service name, container name or IP), whatever the job is called.
"""

from urllib.parse import urlparse

import phase5_prom as p
import pytest


def _addresses(docker, env, service):
    names = {service}
    container = env.containers.get(service)
    if container:
        names.add(container)
        try:
            c = docker.containers.get(container)
            names.add(c.attrs["Config"].get("Hostname", ""))
            names.add(c.id[:12])
            for net in c.attrs["NetworkSettings"]["Networks"].values():
                names.add(net.get("IPAddress", ""))
                names.update(net.get("Aliases") or [])
        except Exception:
            pass
    names.discard("")
    return names


def _find(prom, docker, env, service, port):
    hosts = _addresses(docker, env, service)
    found = []
    for t in prom.targets():
        url = urlparse(t.get("scrapeUrl", ""))
        if url.hostname in hosts and (url.port or 80) == port:
            found.append(t)
    return found


def _describe(prom):
    rows = [f"{t['labels'].get('job')}={t.get('scrapeUrl')} ({t.get('health')})" for t in prom.targets()]
    return "; ".join(rows) or "none"


def _check_target(http, host, docker, env, service, port, what):
    p.require_config_loads(host)
    prom = p.Prom(http)
    found = _find(prom, docker, env, service, port)
    assert found, (
        f"expected Prometheus to scrape {what} at {service}:{port}; its active targets are: "
        f"{_describe(prom)}{prom.reload_note()}"
    )
    up = [t for t in found if t.get("health") == "up"]
    if not up:
        import time

        time.sleep(6)  # a target that was just added has not been scraped yet
        found = _find(prom, docker, env, service, port)
        up = [t for t in found if t.get("health") == "up"]
    bad = found[0]
    assert up, (
        f"Prometheus scrapes {bad.get('scrapeUrl')} (job {bad['labels'].get('job')}) but the "
        f"target is {bad.get('health')}: {bad.get('lastError') or 'not scraped yet'}"
    )


@pytest.mark.points(3)
def test_service_is_scraped(http, host, docker, env):
    _check_target(http, host, docker, env, "app", 8000, "the service")


@pytest.mark.points(2)
def test_node_exporter_is_scraped(http, host, docker, env):
    _check_target(http, host, docker, env, "node-exporter", 9100, "node-exporter")


@pytest.mark.points(1)
def test_service_metrics_reach_prometheus(http, host, params):
    p.require_config_loads(host)
    prom = p.Prom(http)
    name = p.counter_name(params)
    rows = prom.query(name)
    scraped = any(t.get("health") == "up" and ":8000/" in t.get("scrapeUrl", "")
                  for t in prom.targets())
    if not rows and scraped:  # the counter may have no series until it counted a request
        import time

        p.traffic(http, ok=5)
        deadline = time.time() + 15
        while not rows and time.time() < deadline:
            time.sleep(1)
            rows = prom.query(name)
    assert rows, (
        f"expected Prometheus to hold the service's {name} series; a query for it returns "
        "nothing (is the service scraped, and does its /metrics serve that counter?)"
    )
