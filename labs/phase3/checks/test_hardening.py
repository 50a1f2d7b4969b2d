"""Task hardening: the image runs as a non-root user and declares a HEALTHCHECK that passes."""

import importlib.util
import sys
from pathlib import Path

import pytest


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


@pytest.mark.points(2)
def test_image_runs_as_non_root(env, docker):
    image = lab.get_image(docker, env)
    user = (image.attrs.get("Config") or {}).get("User") or ""
    assert user and user.split(":")[0] not in ("root", "0"), (
        f"the image must name a non-root user (USER in the final stage); its user is {user or 'unset, i.e. root'}"
    )
    code, out = lab.run_in_image(docker, env, image.id, ["-u"], entrypoint="id")
    uid = out.strip().splitlines()[-1] if out.strip() else "?"
    assert code == 0 and uid != "0", f"a container of the image runs as uid {uid}; it must not be root (0)"
    web = lab.container(docker, env, "web", required=False)
    if web is not None:
        code, out = web.exec_run(["id", "-u"])
        running_uid = out.decode().strip()
        assert running_uid != "0", "the running web container runs as root: do not override the image's user"


def test_image_declares_a_healthcheck(env, docker):
    image = lab.get_image(docker, env)
    check = (image.attrs.get("Config") or {}).get("Healthcheck") or {}
    test = check.get("Test") or []
    assert test and test[0] != "NONE", "the image must declare a HEALTHCHECK (e.g. one that GETs /healthz)"


def test_web_container_is_healthy(env, docker):
    web = lab.container(docker, env, "web")
    status = lab.wait_health(web, timeout=40)
    if status == "none":
        pytest.fail("the web container has no healthcheck (the image's HEALTHCHECK, or compose's healthcheck:)")
    if status != "healthy":
        log = ((web.attrs["State"].get("Health") or {}).get("Log") or [{}])[-1]
        pytest.fail(
            f"the web container is {status}, not healthy; the last probe said (exit {log.get('ExitCode')}): "
            f"{str(log.get('Output', '')).strip()[-300:]}"
        )
