"""Task hardening: the image runs as a non-root user and declares a HEALTHCHECK that fails when the
app cannot serve and passes in the stack; the image stays without curl."""


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


@pytest.mark.points(2)
@pytest.mark.timeout(120)
def test_healthcheck_fails_when_the_app_cannot_serve(env, docker):
    """A container of the image with no Redis in reach must go unhealthy."""
    image = lab.get_image(docker, env)
    test = ((image.attrs.get("Config") or {}).get("Healthcheck") or {}).get("Test") or []
    if not test or test[0] == "NONE":
        pytest.fail("the image declares no HEALTHCHECK yet (see the check before)")
    status, output = lab.probe_health(docker, env, image)
    if status == "exited":
        pytest.fail(f"a container of the image stopped by itself when Redis was out of reach: {output or 'no output'}")
    assert status == "unhealthy", (
        "with Redis out of reach the app cannot serve (GET /healthz answers 503), but your HEALTHCHECK still "
        f"reports {status}" + (f" (its probe said: {output})" if output else "")
        + ": it must fail then, e.g. by requesting /healthz and failing on an error status"
    )


def test_image_has_no_curl(env, docker):
    image = lab.get_image(docker, env)
    code, out = lab.run_in_image(docker, env, image.id,
                                 ["-c", "for t in curl wget; do command -v $t; done; true"],
                                 user="root", entrypoint="/bin/sh")
    found = [ln.strip() for ln in out.splitlines() if ln.strip()]
    assert code == 0 and not found, (
        f"the final image has {', '.join(found)}: it has python3, and it should stay without curl or wget "
        "(probe with python3 instead)"
    )


@pytest.mark.timeout(90)
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
