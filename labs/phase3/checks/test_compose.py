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
    redis = lab.container(docker, env, "redis")
    assert web.image.id == image.id, (
        f"the web container must run the image {lab.image_name(env)}; it runs {web.attrs['Config']['Image']} "
        "(rebuild and recreate it: docker compose up -d --build)"
    )
    redis_tag = (env.data.get("images") or {}).get("redis")
    if redis_tag:
        wanted = docker.images.get(redis_tag)
        assert redis.image.id == wanted.id, (
            f"the redis container must run the lab's Redis image {redis_tag}; it runs "
            f"{redis.attrs['Config']['Image']}"
        )


def test_compose_file_loads(env, docker):
    """What is running is what the files say: `docker compose config` loads them, with both services."""
    web = lab.container(docker, env, "web")
    doc = lab.compose_config(env, web)
    lab.config_service(doc, "web")
    lab.config_service(doc, "redis")


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


def _labelled(labels, env):
    labels = labels or {}
    return labels.get("io.labctl.lab") == env.lab and labels.get("io.labctl.env") == env.name


def test_resources_carry_the_lab_labels(env, docker):
    missing = []
    redis = None
    for svc in ("web", "redis"):
        c = lab.container(docker, env, svc)
        redis = c if svc == "redis" else redis
        if not _labelled(c.labels, env):
            missing.append(f"the {svc} container")
    for name, net in (redis.attrs["NetworkSettings"].get("Networks") or {}).items():
        if re.search(r"(^|[_-])backend$", name) and not _labelled(docker.networks.get(net["NetworkID"]).attrs.get("Labels"), env):
            missing.append(f"the network {name}")
    volumes = [m["Name"] for m in redis.attrs.get("Mounts") or []
               if m.get("Destination") == "/data" and m.get("Type") == "volume" and m.get("Name")]
    missing += [f"the volume {v}" for v in volumes if not _labelled(docker.volumes.get(v).attrs.get("Labels"), env)]
    image = lab.get_image(docker, env)
    if not _labelled((image.attrs.get("Config") or {}).get("Labels"), env):
        missing.append(f"the image {lab.image_name(env)} (build: {{context: ., labels: *labctl-labels}}, then "
                       "docker compose build)")
    assert not missing, (
        f"{'; '.join(missing)} lack the labels io.labctl.lab={env.lab} and io.labctl.env={env.name} (the "
        "x-labctl-labels block of the starter compose file), so `labctl down` could not clean them up"
    )
