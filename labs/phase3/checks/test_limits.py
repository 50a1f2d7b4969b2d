"""Task limits: a memory limit on web, and restart policies on both services."""


import _phase3 as lab  # the lab's shared helpers, beside this file
import pytest


@pytest.mark.points(2)
def test_web_memory_limit(env, docker, params):
    web = lab.container(docker, env, "web")
    limit = web.attrs["HostConfig"].get("Memory") or 0
    wanted = int(params["memory_mb"]) * 1024 * 1024
    assert limit == wanted, (
        f"the web container's memory limit must be {params['memory_mb']} MiB; it is "
        + (f"{limit / 1024 / 1024:.0f} MiB" if limit else "unlimited")
    )


@pytest.mark.points(2)
def test_restart_policies(env, docker):
    wrong = []
    for svc in ("web", "redis"):
        policy = (lab.container(docker, env, svc).attrs["HostConfig"].get("RestartPolicy") or {}).get("Name") or "no"
        if policy not in lab.RESTART_OK:
            wrong.append(f"{svc} has '{policy}'")
    assert not wrong, (
        "both services must come back by themselves after a crash (restart: unless-stopped, always or "
        "on-failure): " + ", ".join(wrong)
    )
