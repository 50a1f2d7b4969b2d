"""Task logs: request logs go to stdout (`docker logs`), with a size cap on the log file."""

import time
import uuid

import _phase3 as lab  # the lab's shared helpers, beside this file
import pytest
import requests


@pytest.mark.points(3)
def test_requests_show_in_docker_logs(env, docker, params):
    web = lab.container(docker, env, "web")
    probe = f"probe-{uuid.uuid4().hex[:10]}"
    url = f"http://127.0.0.1:{params['app_port']}/?{probe}"
    try:
        requests.get(url, timeout=5)
    except requests.RequestException as exc:
        pytest.fail(f"GET {url} failed ({type(exc).__name__}): is the stack up?")
    deadline = time.monotonic() + 8
    while probe not in web.logs(tail=200).decode("utf-8", "replace"):
        if time.monotonic() > deadline:
            pytest.fail(
                f"requested {url}, but `docker logs` of the web container never showed that request: "
                "the app still writes its logs somewhere else (see LOG_FILE in app/counter/server.py)"
            )
        time.sleep(0.5)


def test_log_size_is_capped(env, docker, params):
    web = lab.container(docker, env, "web")
    log_config = web.attrs["HostConfig"].get("LogConfig") or {}
    driver, options = log_config.get("Type"), log_config.get("Config") or {}
    wanted = params["log_max_size"]
    assert driver in ("json-file", "local") and options.get("max-size") == wanted, (
        f"the web container's logs must be capped at {wanted} (logging: driver json-file with max-size "
        f"{wanted}); it uses driver {driver} with options {options or 'none'}"
    )
