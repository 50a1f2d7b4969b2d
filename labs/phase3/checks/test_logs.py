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


STDOUT_TARGETS = ("-", "/dev/stdout", "/proc/self/fd/1")


def test_logs_go_to_stdout_by_configuration(env, docker):
    """"Change the configuration, not the code": LOG_FILE points at stdout in the running web and in
    your files, and setup_logging() is the app's own."""
    web = lab.container(docker, env, "web")
    running = dict(item.split("=", 1) for item in web.attrs["Config"].get("Env") or [] if "=" in item)
    image = lab.get_image(docker, env)
    original = (env.lab_path / "workspace" / "app" / "counter" / "server.py").read_text()
    code, out = lab.run_in_image(docker, env, image.id, [
        "-c", "import inspect, counter.server as s; print(inspect.getsource(s.setup_logging), end='')"],
        entrypoint="python3")
    start = original.index("def setup_logging")
    expected = original[start:original.index("\n\n\n", start)] + "\n"
    assert code != 0 or out == expected, (
        "setup_logging() in your image is not the app's own: change the configuration (LOG_FILE), not the code"
    )
    assert running.get("LOG_FILE") in STDOUT_TARGETS, (
        f"the web container's LOG_FILE is {running.get('LOG_FILE', 'not set')!r}: set it to - (stdout) in its "
        "configuration (the env file, or ENV in the image)"
    )
    configured = lab.config_env(lab.config_service(lab.compose_config(env, web), "web")).get("LOG_FILE")
    image_env = dict(item.split("=", 1) for item in (image.attrs.get("Config") or {}).get("Env") or [] if "=" in item)
    assert (configured or image_env.get("LOG_FILE")) in STDOUT_TARGETS, (
        f"the running web logs to stdout, but your files say LOG_FILE={configured or image_env.get('LOG_FILE')!r}: "
        "the next `docker compose up -d` would send the logs to a file again"
    )


def test_log_size_is_capped(env, docker, params):
    web = lab.container(docker, env, "web")
    log_config = web.attrs["HostConfig"].get("LogConfig") or {}
    driver, options = log_config.get("Type"), log_config.get("Config") or {}
    wanted = params["log_max_size"]
    assert driver in ("json-file", "local") and options.get("max-size") == wanted, (
        f"the web container's logs must be capped at {wanted} (logging: driver json-file with max-size "
        f"{wanted}); it uses driver {driver} with options {options or 'none'}"
    )
    svc = lab.config_service(lab.compose_config(env, web), "web")
    logging = svc.get("logging") or {}
    on_disk = (logging.get("options") or {}).get("max-size")
    assert logging.get("driver", "json-file") in ("json-file", "local") and on_disk == wanted, (
        f"the running web caps its logs at {wanted}, but your compose file says "
        f"{'max-size ' + str(on_disk) if on_disk else 'nothing about it'}: the next `docker compose up -d` "
        "would drop the cap"
    )
