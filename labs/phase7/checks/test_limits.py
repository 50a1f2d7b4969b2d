"""Task limits: memory and process limits, and a healthcheck that really probes the app."""

import json
import time

import pytest
from phase7_support import HEALTH_PATH, SERVICE, api_container, working_container

MiB = 1024 * 1024
HEALTH_WAIT = 25.0


@pytest.mark.points(1)
def test_memory_limit(docker, env, params):
    container = working_container(docker, env)
    limit = int(container.attrs["HostConfig"].get("Memory") or 0)
    most = int(params["memory_mb"])
    assert limit > 0, f"the {SERVICE} container has no memory limit: limit it to at most {most} MiB (`mem_limit: {most}m`)"
    assert limit <= most * MiB, (
        f"the {SERVICE} container's memory limit is {limit / MiB:g} MiB: it should be at most {most} MiB"
    )


@pytest.mark.points(1)
def test_pids_limit(docker, env, params):
    container = working_container(docker, env)
    limit = int(container.attrs["HostConfig"].get("PidsLimit") or 0)
    most = int(params["max_pids"])
    assert limit > 0, (
        f"the {SERVICE} container may start any number of processes (a fork bomb takes the host "
        f"down): limit it to at most {most} (`pids_limit: {most}`)"
    )
    assert limit <= most, f"the {SERVICE} container's pids limit is {limit}: it should be at most {most}"


def _test_command(container):
    test = (container.attrs["Config"].get("Healthcheck") or {}).get("Test") or []
    if not test or test[0] == "NONE":
        return None
    return " ".join(test[1:]) if test[0] in ("CMD", "CMD-SHELL") else " ".join(test)


@pytest.mark.points(2)
def test_healthcheck_probes_the_app(docker, env):
    container = api_container(docker, env)
    command = _test_command(container)
    assert command, (
        f"the {SERVICE} container has no healthcheck: add one that requests {HEALTH_PATH} on port 8080 "
        "(the image has curl and python3)"
    )
    assert "healthz" in command, (
        f"the healthcheck runs `{command}`, which does not probe the app: make it request {HEALTH_PATH} "
        "on port 8080 and fail when that fails"
    )
    deadline = time.monotonic() + HEALTH_WAIT
    health = {}
    while True:
        container.reload()
        health = container.attrs["State"].get("Health") or {}
        if health.get("Status") != "starting" or time.monotonic() > deadline:
            break
        time.sleep(1)
    status = health.get("Status", "none")
    if status == "starting":
        pytest.fail(f"the {SERVICE} container's health is still 'starting' after {HEALTH_WAIT:g} s: "
                    "wait for the first probe (or shorten its interval) and grade again")
    log = health.get("Log") or []
    last = (log[-1].get("Output") or "").strip().splitlines()[-1:] if log else []
    assert status == "healthy", (
        f"the {SERVICE} container is {status}: its healthcheck `{command}` fails"
        + (f" ({last[0][:120]})" if last else "")
    )
    working_container(docker, env)


# Runs the container's own healthcheck command in a throwaway container of its image, with no
# network, while a stand-in answers HTTP 500 on 127.0.0.1:8080: a healthcheck that "requests
# /healthz and fails when that request fails" must exit non-zero there.
_PROBE = r"""
import http.server, json, subprocess, sys, threading
test = json.loads(sys.argv[1])

class Broken(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(500)
        self.end_headers()
        self.wfile.write(b"the app is broken")
    def log_message(self, *args):
        pass

server = http.server.ThreadingHTTPServer(("127.0.0.1", 8080), Broken)
threading.Thread(target=server.serve_forever, daemon=True).start()
cmd = ["/bin/sh", "-c", test[1]] if test[0] == "CMD-SHELL" else test[1:]
try:
    rc = subprocess.run(cmd, timeout=15, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
except subprocess.TimeoutExpired:
    rc = 124
print("HEALTHCHECK-EXIT", rc)
"""


@pytest.mark.points(1)
def test_healthcheck_fails_when_the_app_does(docker, env):
    container = api_container(docker, env)
    test = (container.attrs["Config"].get("Healthcheck") or {}).get("Test") or []
    if not test or test[0] == "NONE" or "healthz" not in " ".join(test):
        pytest.fail(f"the {SERVICE} container has no healthcheck that requests {HEALTH_PATH} yet (see the check above)")
    out = docker.containers.run(container.image.id, entrypoint=["python3", "-c", _PROBE], command=[json.dumps(test)],
                                network_mode="none", remove=True, stdout=True, stderr=True,
                                labels={"io.labctl.lab": env.lab, "io.labctl.env": env.name})
    text = out.decode(errors="replace")
    code = text.rsplit("HEALTHCHECK-EXIT", 1)[-1].strip() if "HEALTHCHECK-EXIT" in text else "?"
    command = " ".join(test[1:])
    assert code not in ("0", "?"), (
        f"the healthcheck `{command}` succeeds when /healthz answers HTTP 500 (the check ran it against a stand-in "
        "that does): it must fail when the request fails (curl needs -f/--fail to fail on HTTP errors)"
        if code == "0" else f"the check could not run the healthcheck `{command}` in the service's image: {text[-160:]}"
    )
