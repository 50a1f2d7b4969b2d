"""Task logs: request logs go to stdout (`docker logs`), with a size cap on the log file."""

import importlib.util
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests


def _helpers():
    """The lab's shared helpers (_phase3.py beside this file), loaded by path."""
    name = "labctl_lab_phase3_helpers"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("_phase3.py"))
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


lab = _helpers()


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
