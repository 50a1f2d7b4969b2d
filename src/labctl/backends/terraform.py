"""Terraform backend: a scene-setting stack on the env's own AWS (a private moto server).

Layout of an env's workdir:

    terraform.rc        terraform CLI config: provider mirror + shared plugin cache
    terraform/          the rendered stack: lab templates, labctl_provider.tf, modules/<name>/
    aws/                connection.json, the emulator's pidfile and log
    logs/               terraform run logs and pidfiles of runs in flight
    workspace/          the learner's folder (their own Terraform goes here)

python-terraform is the product's Terraform wrapper and is imported only here,
lazily. Its last release (2019) predates Terraform 1.x; the quirks and how
this module handles them:

- `destroy()` passes `-force`, which Terraform 0.15 removed: we build
  `destroy -auto-approve` ourselves.
- `cmd()` has no timeout, takes its environment only from `os.environ`, and
  shares labctl's session (Ctrl-C and `kill` of labctl hit terraform half-way):
  we use python-terraform to *build* command lines (`generate_cmd_string`) and
  run them through `labctl.runner`: read-only commands with `runner.run`,
  init/apply/destroy with `runner.spawn` into a log file, so a killed labctl
  leaves a terraform that finishes and saves its state instead of one that
  dies of SIGPIPE, and `down` finds and stops it by its pidfile.
- The constructor and every successful `cmd()` `json.load` the state file, so
  a learner's corrupt `terraform.tfstate` would crash it: we construct it with
  a state path that never exists.
- `output()` returns None on any error, hiding terraform's message: we parse
  `output -json` ourselves and raise with the message.
- `var={...}` writes temp files that only `cmd()` deletes: we never pass dict vars.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from labctl import paths, runner
from labctl.aws import emulator, procs, tfconfig
from labctl.aws.modes import AwsConnection, AwsMode, connection_for, parse_mode
from labctl.backends.base import Backend
from labctl.env.status import Component
from labctl.errors import CommandTimeout, LabctlError, PrerequisiteError, SpecError
from labctl.render import render_template, write_file
from labctl.spec.kinds import TOOL_HINTS
from labctl.spec.models import TerraformPart

MIN_VERSION = (1, 5)
STACK_DIR = "terraform"
MODULES_DIR = "modules"
LOG_DIR = "logs"
PROVIDER_FILE = "labctl_provider.tf"
PROVIDER_TEMPLATE = "terraform/provider.tf.j2"
APPLIED_MARKER = ".labctl-applied"
STATE_FILE = "terraform.tfstate"
PIDFILE_SUFFIX = ".terraform.pid"

INIT_TIMEOUT = 600.0
APPLY_TIMEOUT = 1800.0
READ_TIMEOUT = 300.0
INTERRUPT_GRACE = 60.0
#: never a real file: keeps python-terraform from parsing state files (see module doc)
_NO_STATE = "/nonexistent/labctl-python-terraform-state"

_PROVIDER_BLOCK = re.compile(r'^\s*provider\s+"?aws"?\s*\{', re.MULTILINE)
_REQUIRED_AWS = re.compile(r"^\s*aws\s*=\s*\{", re.MULTILINE)


# -- the terraform binary ------------------------------------------------------


@functools.cache
def terraform_version(binary: str) -> tuple[int, ...]:
    result = runner.run([binary, "version", "-json"], check=False, timeout=60, env={"CHECKPOINT_DISABLE": "1"})
    text = result.stdout
    try:
        version = str(json.loads(text)["terraform_version"])
    except (ValueError, KeyError, TypeError):
        match = re.search(r"v?(\d+\.\d+\.\d+)", text + result.stderr)
        version = match.group(1) if match else "0"
    return tuple(int(p) for p in re.findall(r"\d+", version)[:3])


def require_terraform() -> str:
    """The terraform binary's path; PrerequisiteError naming the tool if absent or too old."""
    binary = runner.which("terraform")
    if binary is None:
        raise PrerequisiteError(
            "'terraform' is not installed or not on PATH; terraform labs need it.",
            hint=TOOL_HINTS["terraform"],
        )
    version = terraform_version(binary)
    if version < MIN_VERSION:
        have = ".".join(map(str, version)) or "unknown"
        raise PrerequisiteError(
            f"terraform {have} at {binary} is too old; labctl needs terraform >= "
            f"{'.'.join(map(str, MIN_VERSION))}.",
            hint=TOOL_HINTS["terraform"],
        )
    return binary


# -- errors and output ---------------------------------------------------------


def diagnostics(output: str, max_lines: int = 40) -> str:
    """terraform's own error text (the `Error: ...` blocks), without decoration."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", output)
    lines = [re.sub(r"^[╷│╵]\s?", "", line).rstrip() for line in text.splitlines()]
    start = next((i for i, line in enumerate(lines) if line.startswith("Error")), None)
    picked = lines[start:] if start is not None else lines[-15:]
    out = "\n".join(picked).strip()
    out = re.sub(r"\n{3,}", "\n\n", out)
    kept = out.splitlines()
    return "\n".join(kept[:max_lines]) + ("\n..." if len(kept) > max_lines else "")


_ERROR_LINE = re.compile(r"^Error: (.+)$", re.MULTILINE)
_LOCATION = re.compile(r"^\s+on (\S+) line (\d+)", re.MULTILINE)
_SNIPPET = re.compile(r"^\s*(\d+:|├|│|\.\.\.)")


def one_line(text: str) -> str:
    """The first terraform error as one line: `Error: SUMMARY (FILE line N): DETAIL`."""
    clean = diagnostics(text, max_lines=10_000)
    match = _ERROR_LINE.search(clean)
    if match is None:
        lines = [line.strip() for line in clean.splitlines() if line.strip()]
        return lines[-1] if lines else "no output"
    rest = clean[match.end():]
    block = rest.split("\nError: ", 1)[0]
    loc = _LOCATION.search(block)
    where = f" ({loc.group(1)} line {loc.group(2)})" if loc else ""
    body = block[loc.end():] if loc else block
    detail: list[str] = []
    for line in body.splitlines()[1:] if loc else body.splitlines():
        if not line.strip():
            if detail:
                break
            continue
        if line.startswith((" ", "\t")) or _SNIPPET.match(line):
            continue
        detail.append(line.strip())
    return f"Error: {match.group(1).strip()}{where}" + (f": {' '.join(detail)}" if detail else "")


class TerraformError(LabctlError):
    """A terraform command that failed; `diagnostics` is terraform's error text."""

    def __init__(self, command: str, directory: Path, argv: list[str], returncode: int, output: str):
        self.command = command
        self.directory = directory
        self.argv = argv
        self.returncode = returncode
        self.output = output
        self.diagnostics = diagnostics(output)
        super().__init__(
            f"terraform {command} failed in {directory} (exit {returncode}).",
            hint=f"Command: {' '.join(argv)}",
            details=self.diagnostics or None,
        )


@dataclass
class PlanResult:
    """A `terraform plan -detailed-exitcode`: clean means no changes."""

    clean: bool
    changes: list[str] = field(default_factory=list)
    summary: str = ""
    output: str = ""

    def __bool__(self) -> bool:
        return self.clean


_CHANGE_LINE = re.compile(r"^\s*# (\S+) (?:will be|must be) (.+)$", re.MULTILINE)
_PLAN_SUMMARY = re.compile(r"^Plan: .*$", re.MULTILINE)


def parse_plan(output: str, returncode: int) -> PlanResult:
    changes = [f"{addr} ({what.strip()})" for addr, what in _CHANGE_LINE.findall(output)]
    summary = _PLAN_SUMMARY.search(output)
    return PlanResult(clean=returncode == 0, changes=changes,
                      summary=summary.group(0) if summary else "", output=output)


def state_resource_count(state_file: Path) -> int | None:
    """Managed resource instances in a local state file; None if there is no readable state."""
    try:
        state = json.loads(state_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return sum(
        len(r.get("instances", []))
        for r in state.get("resources", [])
        if isinstance(r, dict) and r.get("mode") == "managed"
    )


# -- commands: built by python-terraform, run by labctl.runner -----------------


class TerraformCli:
    """terraform commands for one stack directory."""

    def __init__(self, directory: Path, env: Mapping[str, str], *, log_dir: Path):
        self.directory = directory
        self.env = dict(env)
        self.log_dir = log_dir
        self.binary = require_terraform()

    def argv(self, command: str, *args: str, **options: Any) -> list[str]:
        """The command line, built by python-terraform (`no_color=True` -> `-no-color`)."""
        from python_terraform import IsFlagged, Terraform

        tf = Terraform(working_dir=None, terraform_bin_path=self.binary, state=_NO_STATE)
        opts = {k: (IsFlagged if v is True else v) for k, v in options.items()}
        opts.setdefault("no_color", IsFlagged)
        return [str(a) for a in tf.generate_cmd_string(command, *args, **opts)]

    def _read(self, command: str, *args: str, timeout: float = READ_TIMEOUT, **options: Any) -> runner.Result:
        argv = self.argv(command, *args, **options)
        return runner.run(argv, cwd=self.directory, env=self.env, timeout=timeout, check=False)

    def _long(self, command: str, *args: str, timeout: float, **options: Any) -> str:
        """Run a mutating command detached into a log file (see the module doc); return its output."""
        argv = self.argv(command, *args, **options)
        self.log_dir.mkdir(parents=True, exist_ok=True)
        log = self.log_dir / f"terraform-{command}.log"
        log.unlink(missing_ok=True)
        proc = runner.spawn(argv, log_file=log, cwd=self.directory, env=self.env)
        pidfile = self.log_dir / f"{proc.pid}{PIDFILE_SUFFIX}"
        pidfile.write_text(str(self.directory), encoding="utf-8")
        try:
            returncode = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            _interrupt(proc)
            raise CommandTimeout(argv, timeout) from exc
        except BaseException:  # Ctrl-C: let terraform stop cleanly and save its state
            _interrupt(proc)
            raise
        finally:
            if proc.poll() is not None:
                pidfile.unlink(missing_ok=True)
        output = log.read_text(encoding="utf-8", errors="replace")
        if returncode != 0:
            raise TerraformError(command, self.directory, argv, returncode, output)
        return output

    # -- verbs ------------------------------------------------------------------

    @property
    def initialized(self) -> bool:
        return (self.directory / ".terraform").is_dir()

    def init(self) -> None:
        with tfconfig.cache_lock():
            try:
                self._long("init", timeout=INIT_TIMEOUT, input=False)
            except TerraformError as exc:
                if "provider" in exc.output.lower() and ("registry" in exc.output or "mirror" in exc.output):
                    exc.hint = tfconfig.mirror_hint()
                raise

    def ensure_init(self) -> None:
        if not self.initialized:
            self.init()

    def apply(self) -> str:
        return self._long("apply", timeout=APPLY_TIMEOUT, input=False, auto_approve=True, lock_timeout="60s")

    def destroy(self) -> str:
        # Not python-terraform's destroy(): it adds `-force`, which Terraform removed.
        return self._long("destroy", timeout=APPLY_TIMEOUT, input=False, auto_approve=True, lock_timeout="60s")

    def outputs(self) -> dict[str, Any]:
        """Output name -> value (`{}` before the first apply)."""
        result = self._read("output", json=True)
        if not result.ok:
            raise TerraformError("output", self.directory, result.argv, result.returncode,
                                 result.stderr + result.stdout)
        data = json.loads(result.stdout or "{}")
        return {name: item.get("value") for name, item in data.items()}

    def show(self) -> dict[str, Any]:
        """`terraform show -json` of the state (initialising the dir first if needed)."""
        self.ensure_init()
        result = self._read("show", json=True)
        if not result.ok:
            raise TerraformError("show", self.directory, result.argv, result.returncode,
                                 result.stderr + result.stdout)
        return dict(json.loads(result.stdout or "{}"))

    def plan(self) -> PlanResult:
        """`plan -detailed-exitcode` without taking the state lock: 0 clean, 2 changes, else error."""
        self.ensure_init()
        result = self._read("plan", input=False, detailed_exitcode=True, lock=False)
        if result.returncode not in (0, 2):
            raise TerraformError("plan", self.directory, result.argv, result.returncode,
                                 result.stderr + result.stdout)
        return parse_plan(result.stdout, result.returncode)

    def validate(self) -> list[dict[str, Any]]:
        """Error diagnostics of `terraform validate -json` (initialising without a backend)."""
        if not self.initialized:
            with tfconfig.cache_lock():
                self._long("init", timeout=INIT_TIMEOUT, input=False, backend=False)
        result = self._read("validate", json=True)
        try:
            data = json.loads(result.stdout)
        except ValueError as exc:
            raise TerraformError("validate", self.directory, result.argv, result.returncode,
                                 result.stderr + result.stdout) from exc
        return [d for d in data.get("diagnostics", []) if d.get("severity") == "error"]


def _interrupt(proc: subprocess.Popen[bytes]) -> None:
    """Ask terraform to stop (SIGINT saves its state), then insist."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=INTERRUPT_GRACE)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def _terraform_pids(workdir: Path) -> set[int]:
    pids: set[int] = set()
    for pidfile in (workdir / LOG_DIR).glob(f"*{PIDFILE_SUFFIX}"):
        head = pidfile.name.split(".", 1)[0]
        proc = procs.get(int(head)) if head.isdigit() else None
        if proc is not None and proc.exe_name.startswith("terraform"):
            pids.add(proc.pid)
        else:
            pidfile.unlink(missing_ok=True)
    if workdir.exists():
        for proc in procs.processes():
            if proc.exe_name.startswith("terraform") and procs.inside(proc.cwd, workdir):
                pids.add(proc.pid)
    return pids


def stop_terraform_runs(workdir: Path) -> list[int]:
    """Stop terraform (and provider plugin) processes working in this env's workdir.

    They are found by the pidfiles of runs in flight (verified: still terraform)
    and by working directory, so a `labctl up` killed mid-apply leaves nothing
    that `down` cannot find. SIGINT first (terraform then stops cleanly and saves
    its state), then SIGKILL to each run's whole process group: labctl starts
    terraform in a session of its own, so that also takes the provider plugins
    it started while stopping. Repeated until a scan finds none.
    """
    stopped: set[int] = set()
    for attempt in range(4):
        pids = _terraform_pids(workdir)
        if not pids:
            break
        groups = {pid for pid in pids if _pgid(pid) == pid}
        first = signal.SIGINT if attempt == 0 else signal.SIGKILL
        stopped.update(procs.stop(sorted(pids), first=first, grace=15 if attempt == 0 else 2))
        for group in groups:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(group, signal.SIGKILL)
        time.sleep(0.2)
    for pidfile in (workdir / LOG_DIR).glob(f"*{PIDFILE_SUFFIX}"):
        pidfile.unlink(missing_ok=True)
    return sorted(stopped)


def _pgid(pid: int) -> int | None:
    try:
        return os.getpgid(pid)
    except (ProcessLookupError, PermissionError):
        return None


# -- the backend -----------------------------------------------------------------


class TerraformBackend(Backend):
    name = "terraform"

    @classmethod
    def check_prerequisites(cls) -> None:
        require_terraform()

    @property
    def part(self) -> TerraformPart:
        part = self.ctx.lab.spec.environment.terraform
        assert part is not None
        return part

    @property
    def stack_dir(self) -> Path:
        return self.ctx.workdir / STACK_DIR

    @property
    def aws_dir(self) -> Path:
        return emulator.aws_dir(self.ctx.workdir)

    @property
    def log_dir(self) -> Path:
        return self.ctx.workdir / LOG_DIR

    def connection(self) -> AwsConnection | None:
        """The env's AWS connection: from state, else from the workdir (state lost)."""
        return AwsConnection.from_data(self.ctx.record.data.aws or None) or AwsConnection.load(self.aws_dir)

    def _mode(self) -> AwsMode:
        conn = self.connection()
        return conn.aws_mode if conn else parse_mode(self.ctx.record.data.aws_mode)

    def terraform_env(self) -> dict[str, str]:
        env = {"TF_IN_AUTOMATION": "1", "TF_INPUT": "0", "CHECKPOINT_DISABLE": "1",
               **tfconfig.terraform_env(self.ctx.workdir)}
        conn = self.connection()
        if conn is not None and self.part.aws:
            env.update(conn.env_vars())
        return env

    def cli(self, directory: Path | None = None) -> TerraformCli:
        return TerraformCli(directory or self.stack_dir, self.terraform_env(), log_dir=self.log_dir)

    # -- render ---------------------------------------------------------------

    def _module_source(self, name: str) -> Path:
        for root in (self.ctx.lab.path / STACK_DIR, paths.terraform_modules_dir()):
            if (root / name).is_dir():
                return root / name
        available = sorted(
            {p.name for root in (self.ctx.lab.path / STACK_DIR, paths.terraform_modules_dir())
             if root.is_dir() for p in root.iterdir() if p.is_dir()}
        )
        raise SpecError(
            f"terraform module '{name}' not found in the lab's terraform/ or labctl's terraform/; "
            f"available: {', '.join(available) or 'none'}",
            file=str(self.ctx.lab.spec_file), field="environment.terraform.modules",
        )

    def render(self) -> list[Path]:
        context = self.ctx.template_context()
        self.stack_dir.mkdir(parents=True, exist_ok=True)
        written: list[Path] = []
        for name in self.part.templates:
            text = render_template(self.ctx.lab, name, context)
            if self.part.aws and (_PROVIDER_BLOCK.search(text) or _REQUIRED_AWS.search(text)):
                raise SpecError(
                    "a terraform template configures the aws provider itself; remove its "
                    'provider "aws" block and required_providers entry: labctl writes them '
                    f"({PROVIDER_FILE}) to point at the env's AWS",
                    file=str(self.ctx.lab.templates_dir / name),
                )
            target = self.stack_dir / Path(name).name.removesuffix(".j2")
            write_file(target, text)
            written.append(target)
        modules_root = self.stack_dir / MODULES_DIR
        shutil.rmtree(modules_root, ignore_errors=True)
        for module in self.part.modules:
            dest = modules_root / module
            shutil.copytree(self._module_source(module), dest,
                            ignore=shutil.ignore_patterns(".terraform", "*.tfstate*", ".terraform.lock.hcl"))
            written += sorted(p for p in dest.rglob("*") if p.is_file())
        if self.part.aws:
            provider = self.stack_dir / PROVIDER_FILE
            write_file(provider, render_template(self.ctx.lab, PROVIDER_TEMPLATE, context))
            written.append(provider)
        keep = {p.name for p in written if p.parent == self.stack_dir}
        for stale in self.stack_dir.glob("*.tf"):
            if stale.name not in keep:
                stale.unlink()
        return written

    def validate(self) -> None:
        """`terraform validate` of the rendered stack (offline with the provider mirror)."""
        if runner.which("terraform") is None:
            return
        # In a scratch copy, so `labctl render OUT` gets no .terraform/ or lock file.
        with tempfile.TemporaryDirectory(prefix="labctl-tf-validate-") as tmp:
            scratch = Path(tmp)
            shutil.copytree(self.stack_dir, scratch / STACK_DIR)
            tfconfig.write_cli_config(scratch)
            env = {"TF_IN_AUTOMATION": "1", "CHECKPOINT_DISABLE": "1", **tfconfig.terraform_env(scratch)}
            errors = TerraformCli(scratch / STACK_DIR, env, log_dir=scratch / LOG_DIR).validate()
        if errors:
            first = errors[0]
            rng = first.get("range") or {}
            rendered = str(rng.get("filename", ""))
            source = next((t for t in self.part.templates if Path(t).name.removesuffix(".j2") == rendered), None)
            where = str(self.ctx.lab.templates_dir / source) if source else str(self.stack_dir / rendered)
            detail = f"{first.get('summary', '')}: {first.get('detail', '')}".strip(": ")
            more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
            raise SpecError(
                f"terraform validate: {detail}{more} (rendered {rendered or 'stack'}, line "
                f"{(rng.get('start') or {}).get('line', '?')})",
                file=where,
            )

    # -- lifecycle ------------------------------------------------------------

    def prepare(self) -> None:
        self.ctx.workdir.mkdir(parents=True, exist_ok=True)
        tfconfig.write_cli_config(self.ctx.workdir)
        if not self.part.aws:
            return
        mode = parse_mode(self.ctx.record.data.aws_mode)
        conn = connection_for(mode, lab=self.ctx.lab.id, env=self.ctx.record.name)
        if mode.owns_emulator:
            info = self._live_emulator()
            if info is None:
                stale = emulator.stop(self.ctx.workdir)
                if stale:
                    self.ctx.progress(f"stopped a stale AWS emulator (pid {', '.join(map(str, stale))})")
                self.ctx.progress("starting the AWS emulator")
                info = emulator.start(self.ctx.workdir)
            conn.endpoint, conn.pid, conn.port = info.endpoint, info.pid, info.port
        else:
            self.ctx.progress(f"checking AWS ({mode})")
            conn.account_id = conn.check_reachable() or conn.account_id
        self.ctx.record.data.aws = conn.to_data()
        conn.save(self.aws_dir)

    def _live_emulator(self) -> emulator.EmulatorInfo | None:
        """The emulator state knows about, if it still runs and answers."""
        for info in emulator.find(self.ctx.workdir):
            if emulator.health(info):
                return info
        return None

    def apply(self) -> None:
        if not self.part.apply:
            return
        cli = self.cli()
        marker = self.stack_dir / APPLIED_MARKER
        marker.unlink(missing_ok=True)
        self.ctx.progress("terraform init")
        cli.init()
        self.ctx.progress("terraform apply")
        cli.apply()
        self.ctx.record.data.tf_outputs = cli.outputs()
        marker.write_text(time.strftime("%Y-%m-%dT%H:%M:%S"), encoding="utf-8")

    def wait_ready(self, timeout: float) -> None:
        if not self.part.aws or not self._mode().owns_emulator:
            return
        conn = self.connection()
        if conn is None or conn.pid is None or conn.port is None:
            raise LabctlError("the AWS emulator was not started.", hint="Run `labctl up` again.")
        info = emulator.EmulatorInfo(conn.pid, conn.port, "127.0.0.1", os.path.abspath(self.ctx.workdir))
        emulator.wait_healthy(info, timeout)

    def targets(self) -> dict[str, str]:
        conn = self.connection()
        if conn is None or not self.part.aws:
            return {}
        return {"aws": conn.endpoint or f"aws://{conn.region}?profile={conn.profile}"}

    def status(self) -> list[Component]:
        rows: list[Component] = []
        if self.part.aws:
            mode = self._mode()
            if mode.owns_emulator:
                found = emulator.find(self.ctx.workdir)
                for info in found:
                    ok = emulator.health(info)
                    rows.append(Component("aws", "aws-emulator", "running" if ok else "not answering", ok,
                                          f"{info.endpoint} (pid {info.pid})"))
                if not found and self.ctx.record.data.aws:
                    rows.append(Component("aws", "aws-emulator", "not running", False,
                                          "run `labctl up` again to start it", present=False,
                                          running=False))
            elif self.connection() is not None:
                conn = self.connection()
                assert conn is not None
                rows.append(Component("aws", "aws-endpoint", str(mode), True,
                                      conn.endpoint or f"profile {conn.profile}, {conn.region}"))
        count = state_resource_count(self.stack_dir / STATE_FILE)
        if self.part.apply and (count is not None or self.ctx.record.data.tf_outputs is not None):
            applied = (self.stack_dir / APPLIED_MARKER).exists()
            state = f"{count or 0} resources" + ("" if applied else " (apply not finished)")
            rows.append(Component("stack", "terraform-stack", state, applied, str(self.stack_dir)))
        return rows

    def destroy(self) -> None:
        workdir = self.ctx.workdir
        stopped = stop_terraform_runs(workdir)
        if stopped:
            self.ctx.progress(f"stopped terraform runs in flight (pid {', '.join(map(str, stopped))})")
        conn = self.connection()
        if conn is not None and not conn.aws_mode.owns_emulator and workdir.exists():
            # Shared or real AWS outlives the env: destroy what was applied there. The
            # emulator needs no destroy: its resources live only in its memory.
            self._destroy_stacks()
        for pid in emulator.stop(workdir):
            self.ctx.progress(f"stopped the AWS emulator (pid {pid})")

    def _stacks_with_resources(self) -> list[Path]:
        dirs = []
        if (state_resource_count(self.stack_dir / STATE_FILE) or 0) > 0:
            dirs.append(self.stack_dir)
        workspace = self.ctx.workspace
        if workspace.is_dir():
            for state in sorted(workspace.rglob(STATE_FILE)):
                if ".terraform" not in state.parts and (state_resource_count(state) or 0) > 0:
                    dirs.append(state.parent)
        return dirs

    def _destroy_stacks(self) -> None:
        failures: list[TerraformError] = []
        for directory in reversed(self._stacks_with_resources()):
            self.ctx.progress(f"terraform destroy in {directory}")
            cli = self.cli(directory)
            try:
                cli.ensure_init()
                cli.destroy()
            except TerraformError as exc:
                failures.append(exc)
        if failures:
            first = failures[0]
            raise LabctlError(
                f"terraform destroy failed in {', '.join(str(f.directory) for f in failures)}; "
                "those AWS resources still exist (and may cost money).",
                hint=f"Fix the cause and run `labctl down {self.ctx.lab.id} --env {self.ctx.record.name}` "
                "again.",
                details=first.diagnostics or None,
            )

    def env_vars(self) -> dict[str, str]:
        out = dict(tfconfig.terraform_env(self.ctx.workdir))
        conn = self.connection()
        if conn is not None and self.part.aws:
            out.update(conn.env_vars())
        return out
