"""Task compose: web + redis on a user-defined network, Redis data on a named volume,
the app on the learner's host port, a counter that survives a Redis restart."""

import re
import time

import _phase3 as lab  # the lab's shared helpers, beside this file
import pytest
import requests


def _get(port, path="/", timeout=5.0):
    url = f"http://127.0.0.1:{port}{path}"
    try:
        return requests.get(url, timeout=timeout)
    except requests.RequestException as exc:
        pytest.fail(f"nothing answers on {url} ({type(exc).__name__}): publish the web service's port 8000 "
                    "on that host port")


def _visits(resp, url):
    assert resp.status_code == 200, f"GET {url} answered {resp.status_code}: {resp.text[:200]}"
    try:
        return int(resp.json()["visits"])
    except (ValueError, KeyError, TypeError):
        pytest.fail(f"GET {url} did not answer the counter's JSON: {resp.text[:200]}")


def test_stack_runs_web_from_your_image_and_redis(env, docker):
    image = lab.get_image(docker, env)
    web = lab.container(docker, env, "web")
    lab.container(docker, env, "redis")
    assert web.image.id == image.id, (
        f"the web container must run the image {lab.image_name(env)}; it runs {web.attrs['Config']['Image']} "
        "(rebuild and recreate it: docker compose up -d --build)"
    )


@pytest.mark.points(2)
def test_app_answers_on_your_port(env, params):
    port = params["app_port"]
    url = f"http://127.0.0.1:{port}/"
    first = _visits(_get(port), url)
    second = _visits(_get(port), url)
    assert second > first, f"GET {url} twice gave visits {first} then {second}: the counter must count"


def test_services_share_a_user_defined_network(env, docker):
    web = lab.container(docker, env, "web")
    redis = lab.container(docker, env, "redis")
    nets = {name: set() for name in ("web", "redis")}
    for svc, c in (("web", web), ("redis", redis)):
        for name in (c.attrs["NetworkSettings"].get("Networks") or {}):
            nets[svc].add(name)
    shared = nets["web"] & nets["redis"]
    backend = [n for n in shared if re.search(r"(^|[_-])backend$", n)]
    assert backend, (
        "web and redis must both be on a user-defined network called backend (networks: backend: in the "
        f"compose file); web is on {', '.join(sorted(nets['web'])) or 'no network'}, redis on "
        f"{', '.join(sorted(nets['redis'])) or 'no network'}"
    )
    published = [p for p, binds in (redis.attrs["NetworkSettings"].get("Ports") or {}).items() if binds]
    assert not published, (
        f"redis must only be reachable on the backend network, but it publishes {', '.join(published)} on the host"
    )


def test_redis_data_on_a_named_volume(env, docker):
    redis = lab.container(docker, env, "redis")
    mounts = {m.get("Destination"): m for m in redis.attrs.get("Mounts") or []}
    data = mounts.get("/data")
    assert data is not None, "redis keeps its data in /data: mount a named volume there (e.g. redis-data:/data)"
    anonymous = re.fullmatch(r"[0-9a-f]{64}", data.get("Name") or "")
    assert data.get("Type") == "volume" and not anonymous, (
        f"/data in redis must be a named volume (declared under volumes:), not a {data.get('Type')} "
        f"{'(anonymous) ' if anonymous else ''}mount of {data.get('Source') or data.get('Name')}"
    )


@pytest.mark.points(2)
def test_counter_survives_a_redis_restart(env, docker, params):
    port = params["app_port"]
    url = f"http://127.0.0.1:{port}/"
    before = _visits(_get(port), url)
    redis = lab.container(docker, env, "redis")
    redis.restart(timeout=10)
    deadline = time.monotonic() + 30
    while True:
        resp = _get(port)
        if resp.status_code == 200 or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    after = _visits(resp, url)
    assert after > before, (
        f"the counter was {before} before redis restarted and {after} after: Redis must keep its data "
        "(on the named volume) across restarts"
    )


def test_resources_carry_the_lab_labels(env, docker):
    missing = []
    for svc in ("web", "redis"):
        labels = lab.container(docker, env, svc).labels
        if labels.get("io.labctl.lab") != env.lab or labels.get("io.labctl.env") != env.name:
            missing.append(svc)
    assert not missing, (
        f"the {' and '.join(missing)} container(s) lack the labels io.labctl.lab={env.lab} and "
        f"io.labctl.env={env.name} (the x-labctl-labels block of the starter compose file), so "
        "`labctl down` could not clean them up"
    )
