"""The grading subprocess: `python -P -B -m labctl.grading.worker CONTEXT_JSON [ARG...]`.

Runs pytest programmatically on the installed lab's check files (or the node
ids given as ARGs), hermetically: no ini file, conftest.py, cache or
PYTEST_* settings from anywhere but here, no plugin autoloading, and a
rootdir in the grader's own temp dir. Outcomes go to the results file named
in the context (see labctl.grading.plugin); the exit code is pytest's.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
import threading
import time
from pathlib import Path
from types import ModuleType

from labctl.grading import context as context_mod
from labctl.grading import lifeline
from labctl.grading.mapping import check_files
from labctl.spec.kinds import KINDS

CONTEXT_WAIT = 120.0

#: optional fixture modules (heavy SDKs), and the kinds of env part that need them
OPTIONAL_FIXTURES: dict[str, tuple[str, ...]] = {}
for _kind in KINDS.values():
    if _kind.fixture_module:
        OPTIONAL_FIXTURES.setdefault(_kind.fixture_module, ())
        OPTIONAL_FIXTURES[_kind.fixture_module] += (_kind.name,)


def fixture_modules_for(backends: list[str]) -> list[str]:
    """The optional fixture modules a lab with these backends loads (to preload them)."""
    return [module for module, needs in OPTIONAL_FIXTURES.items() if any(b in backends for b in needs)]


def _wanted(ctx: context_mod.GradingContext, module: str) -> bool:
    """Heavy SDKs load only for labs that use their backend (or export its variables)."""
    if any(b in ctx.backends for b in OPTIONAL_FIXTURES[module]):
        return True
    if module.endswith("_aws"):
        return "aws" in ctx.data or any(k.startswith("AWS_") for k in ctx.env_vars)
    return "KUBECONFIG" in ctx.env_vars


def optional_fixture_modules(ctx: context_mod.GradingContext | None = None) -> list[ModuleType]:
    """The optional fixture modules that exist, import, and (given a context) the lab needs."""
    found: list[ModuleType] = []
    for name in OPTIONAL_FIXTURES:
        if ctx is not None and not _wanted(ctx, name):
            continue
        try:
            if importlib.util.find_spec(name) is None:
                continue
            found.append(importlib.import_module(name))
        except ImportError:  # its SDK is missing: its fixtures are simply unavailable
            continue
    return found


def pytest_args(ctx: context_mod.GradingContext, rundir: Path, targets: list[str]) -> list[str]:
    ini = rundir / "pytest.ini"
    if not ini.exists():
        ini.write_text("[pytest]\n", encoding="utf-8")
    if not targets:
        lab = Path(ctx.lab_path)
        targets = [str(lab / f) for f in check_files(ctx.tasks, ctx.only_tasks)]
    return [
        "-c", str(ini),
        "--rootdir", str(rundir),
        "--noconftest",
        "--continue-on-collection-errors",
        "-p", "no:cacheprovider",
        "-p", "no:stepwise",
        "-p", "no:doctest",
        "-p", "no:pastebin",
        "-p", "no:junitxml",
        "--assert=plain",
        "--capture=fd",
        "-o", "console_output_style=classic",
        "-q",
        "-rN",
        "--no-header",
        "--tb=no",
        "-W", "ignore",
        *targets,
    ]


def _sanitize_environment() -> None:
    for key in list(os.environ):
        if key.startswith("PYTEST_") and key != "PYTEST_DISABLE_PLUGIN_AUTOLOAD":
            del os.environ[key]
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"


def _warm_up() -> None:
    """Import testinfra and connect to the engine before the first check's clock starts
    (start-up costs are not a check's fault; on a loaded machine they take seconds), while
    the grader may still be gathering the context."""
    try:
        import testinfra  # noqa: F401

        from labctl import docker_engine
        from labctl.grading import dockerapi

        dockerapi.register()
        docker_engine.client()
    except Exception:  # no engine: the checks that need it will say so themselves
        return


def _use_engine(ctx: context_mod.GradingContext) -> None:
    """Reach the env's containers through the engine that runs them (a swarm env's node):
    testinfra's `docker://` runs the docker CLI, which reads these variables, and
    labctl.docker_engine keys its client by them."""
    if not ctx.docker_env:
        return  # this machine's engine, as the grader itself reaches it
    for key in ("DOCKER_HOST", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH"):
        os.environ.pop(key, None)
    os.environ.update(ctx.docker_env)


def _prewarm(ctx: context_mod.GradingContext) -> None:
    """Open each container's exec session in background threads while pytest collects: the
    first check on a service need not pay for it. (Not testinfra's system_info: that is five
    commands per container, and only its package/service/file modules ever need it.)"""
    if not ctx.connection.startswith("labctl-docker"):
        return
    from labctl.grading.fixtures import host_for

    def warm(container: str) -> None:
        try:
            host_for(ctx.connection, container).run("true")
        except Exception:  # a stopped service: its checks will say so
            return

    for container in ctx.containers.values():
        threading.Thread(target=warm, args=(container,), daemon=True, name=f"prewarm-{container}").start()


def _wait_for(path: Path, timeout: float = CONTEXT_WAIT) -> None:
    """The grader starts this process first and writes the context (atomically) meanwhile."""
    deadline = time.monotonic() + timeout
    while not path.exists():
        if time.monotonic() > deadline:
            raise SystemExit(f"no grading context appeared at {path} within {timeout:.0f} s")
        time.sleep(0.002)


def run(context_file: str, targets: list[str]) -> int:
    import pytest

    from labctl.grading import fixtures
    from labctl.grading.plugin import GradingPlugin

    _sanitize_environment()
    _warm_up()
    _wait_for(Path(context_file))
    os.environ[context_mod.ENV_CONTEXT] = context_file
    ctx = context_mod.load(context_file)
    context_mod.set_current(ctx)
    _use_engine(ctx)
    rundir = Path(context_file).parent
    os.chdir(rundir)
    plugin = GradingPlugin(ctx, exit_when_done=True)
    _prewarm(ctx)
    plugins: list[object] = [plugin, fixtures, *optional_fixture_modules(ctx)]
    return int(pytest.main(pytest_args(ctx, rundir, targets), plugins=plugins))


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        sys.stderr.write("usage: python -m labctl.grading.worker CONTEXT_JSON [NODEID...]\n")
        return 4
    parent = os.environ.get(lifeline.PARENT_ENV)
    if parent and not lifeline.die_with_parent(int(parent)):
        return lifeline.EXIT_ORPHANED  # the grader died before we started: nobody reads results
    return run(args[0], args[1:])


if __name__ == "__main__":
    sys.exit(main())
