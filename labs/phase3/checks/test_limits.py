"""Task limits: a memory limit on web, and restart policies on both services."""

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
