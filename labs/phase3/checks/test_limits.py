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


def test_your_compose_file_keeps_the_limit_and_policies(env, docker, params):
    """What the next `docker compose up -d` would run has the same limit and policies."""
    web = lab.container(docker, env, "web")
    doc = lab.compose_config(env, web)
    wanted = int(params["memory_mb"]) * 1024 * 1024
    svc = lab.config_service(doc, "web")
    limit = lab.parse_bytes(svc.get("mem_limit")) or lab.parse_bytes(
        (((svc.get("deploy") or {}).get("resources") or {}).get("limits") or {}).get("memory"))
    problems = [] if limit == wanted else [f"web's memory limit is {svc.get('mem_limit') or 'not set'}"]
    for name in ("web", "redis"):
        policy = lab.config_service(doc, name).get("restart") or "no"
        if policy not in lab.RESTART_OK:
            problems.append(f"{name}'s restart policy is {policy}")
    assert not problems, (
        "in your compose file (as `docker compose config` loads it) " + "; ".join(problems)
        + f": the running containers differ from your file, and the next `docker compose up -d` would "
        f"bring that back (expected mem_limit {params['memory_mb']}m and a restart policy on both)"
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
