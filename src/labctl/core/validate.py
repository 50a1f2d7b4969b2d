"""`labctl validate` and `labctl render`: every template renders with defaults."""

from __future__ import annotations

import ast
import difflib
import re
import tempfile
from pathlib import Path

from labctl import params as params_mod
from labctl import render, runner
from labctl.backends.base import backends_for
from labctl.core.environment import seed_workspace
from labctl.env.context import EnvContext
from labctl.env.naming import project_name
from labctl.env.record import EnvData, EnvRecord, EnvStatus
from labctl.errors import SpecError, UserInputError
from labctl.images import lab_images
from labctl.spec.loader import Lab, line_of, spec_error
from labctl.spec.textfile import read_text

PLACEHOLDER_ENV = "render"
#: stands in for a store id where nothing is made (validate, render, the class safety check)
PLACEHOLDER_STORE = "00000000"


def placeholder_context(lab: Lab, workdir: Path) -> EnvContext:
    """A context with default parameters and stand-in ports and image tags."""
    values = params_mod.resolve(lab.spec, None)
    host_ports = {p.name: 20000 + i for i, p in enumerate(lab.spec.all_ports())}
    record = EnvRecord(
        lab=lab.id, name=PLACEHOLDER_ENV, status=EnvStatus.UNKNOWN, seed="", workdir=str(workdir),
        params=values, ports=host_ports, store=PLACEHOLDER_STORE,
        data=EnvData(
            project=project_name(PLACEHOLDER_STORE, lab.id, PLACEHOLDER_ENV),
            images={img.name: img.tag for img in lab_images(lab)},
            aws={"endpoint": "http://127.0.0.1:5000", "region": "us-east-1",
                 "access_key": "test", "secret_key": "test", "account_id": "123456789012"},
        ),
    )
    return EnvContext(lab=lab, record=record)


def render_lab(lab: Lab, out: Path) -> list[Path]:
    """Render every part of a lab with defaults into `out`, then run backend validation."""
    return _render(lab, out)[0]


def _render(lab: Lab, out: Path) -> tuple[list[Path], list[str]]:
    """(files written, services the rendered parts declare)."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / ".labctl-write-test"
        probe.write_text("")
        probe.unlink()
    except OSError as exc:
        raise UserInputError(
            f"cannot write the rendered lab to {out}: {exc.strerror or exc}.",
            hint="Give --out a folder you can write to (it is made if missing).",
        ) from None
    ctx = placeholder_context(lab, out)
    written: list[Path] = []
    services: list[str] = []
    try:
        seed_workspace(ctx)
        for backend in backends_for(ctx):
            written += backend.render()
            backend.validate()
            services += backend.service_names()
    except OSError as exc:  # the folder went away or filled up mid-way
        raise UserInputError(f"cannot write the rendered lab to {out}: {exc.strerror or exc}.") from None
    return written, services


def validate_lab(lab: Lab) -> None:
    """Prove what can be proven without an engine (docs/lab-authoring.md lists it); raise the
    first problem as a SpecError naming the file and line."""
    with tempfile.TemporaryDirectory(prefix="labctl-validate-") as tmp:
        _written, services = _render(lab, Path(tmp))
        context = placeholder_context(lab, Path(tmp)).template_context()
    for i, task in enumerate(lab.spec.tasks):
        _check_task_texts(lab, i, context)
        for j, entry in enumerate(task.checks):
            _check_check(lab, i, j, entry)
        if task.solution is not None:
            _check_solution(lab, i, services)


def _check_task_texts(lab: Lab, index: int, context: dict[str, object]) -> None:
    task = lab.spec.tasks[index]
    source = lab.file(task.instructions)
    render.render_text(lab, read_text(source, "task text"), context, source=str(source))
    for j, hint in enumerate(task.hints):
        render.render_text(lab, hint, context, source=str(lab.spec_file), field=f"tasks[{index}].hints[{j}]",
                           line=line_of(lab, ("tasks", index, "hints", j)))


def _check_check(lab: Lab, index: int, position: int, entry: str) -> None:
    """A check file compiles, and a node id names a test that exists in it."""
    loc: tuple[int | str, ...] = ("tasks", index, "checks", position)
    file, _, node = entry.partition("::")
    path = lab.file(file)
    source = read_text(path, "check file", display=str(path))
    try:
        tree = ast.parse(source, filename=str(path))
    except SyntaxError as exc:
        raise SpecError(f"the check file is not valid Python: {exc.msg}", file=str(path), line=exc.lineno,
                        hint="pytest could not import it, so none of its checks would run.") from None
    if not node:
        return
    names = _test_names(tree)
    wanted = re.sub(r"\[.*\]$", "", node)  # a parametrised id: test_x[case]
    if wanted not in names:
        close = difflib.get_close_matches(wanted, sorted(names), n=3)
        raise spec_error(lab, f"check '{entry}' names '{wanted}', which {file} does not define"
                         + (f"; did you mean {', '.join(close)}?" if close else
                            f"; it defines: {', '.join(sorted(names)) or 'no tests'}"), loc)


def _test_names(tree: ast.Module) -> set[str]:
    """`test_x` and `TestClass::test_y` names a pytest node id may give for this module."""
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.ClassDef):
            names.add(node.name)
            names.update(f"{node.name}::{item.name}" for item in node.body
                         if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef))
    return names


def _check_solution(lab: Lab, index: int, services: list[str]) -> None:
    """A solution is UTF-8 bash that parses (`bash -n`) and runs in a place the lab has."""
    task = lab.spec.tasks[index]
    assert task.solution is not None
    loc: tuple[int | str, ...] = ("tasks", index, "solution")
    run_in = task.solution.run_in
    compose = lab.spec.environment.compose
    if run_in == "workspace":
        if compose is None or compose.workspace is None:
            raise spec_error(lab, "the solution runs in the compose workspace service, but the lab has none",
                             loc, hint="Give it `run_in: host` or a service name.")
    elif run_in != "host" and run_in not in services:
        raise spec_error(lab, f"the solution's run_in names service '{run_in}', which the lab does not have; "
                         f"its services: {', '.join(services) or 'none'} (or 'workspace', 'host')", loc)
    path = lab.file(task.solution.script)
    read_text(path, "solution script")
    if runner.which("bash"):
        result = runner.run(["bash", "-n", str(path)], check=False, timeout=30)
        if not result.ok:
            match = re.search(r"line (\d+)", result.stderr)
            raise SpecError(f"the solution script does not parse as bash: {result.stderr.strip().splitlines()[-1]}",
                            file=str(path), line=int(match.group(1)) if match else None)
