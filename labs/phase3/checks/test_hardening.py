"""Task hardening: the image runs as a non-root user and declares a HEALTHCHECK that passes."""


import _phase3 as lab  # the lab's shared helpers, beside this file
import pytest


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
