"""Solution variants of a lab: `labs/<id>/variants/<task>/<name>.sh` and their headers.

A variant is a bash script a learner could have written for one task, run like a
reference solution, with a leading comment block that says what it must get::

    #!/usr/bin/env bash
    # expect: pass                (pass = full points for the task; fail = fewer than full)
    # why: adduser and a here-doc instead of useradd
    # run_in: web                 (workspace | host | <compose service>; default: the task's solution's)
    # needs: users, backup        (tasks whose reference solutions run first)
    # feedback: password          (fail only, may repeat: a regex some failed check of the task matches)
    # alone: true                 (its own env: it changes what other tasks' variants rely on)
    # params: bump=major          (pins parameters of the env it runs in)
    # include: _lib/stack.sh      (files of variants/ prepended to the script, in order)

A later line `# == run_in: SERVICE ==` starts a part that runs in another place
(each part is its own bash script, run in order, with the same variables).

Errors name the file and line. Folders of variants/ whose name starts with `_`
hold shared files (`include:`), not tasks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator, model_validator

from labctl.errors import SpecError
from labctl.spec.models import LabSpec, Strict
from labctl.spec.names import ID_PATTERN

VARIANTS_DIR = "variants"
HOST = "host"
WORKSPACE = "workspace"
KEYS = ("expect", "why", "run_in", "needs", "feedback", "alone", "params", "include")
#: keys whose value is a list (comma-separated, and the line may repeat)
LIST_KEYS = ("needs", "params", "include")
#: keys whose value is taken as written (no trailing `  # comment` stripped, no comma split)
VERBATIM_KEYS = ("why", "feedback")
HEADER_LINE = re.compile(r"^#\s*([A-Za-z_][A-Za-z0-9_-]*)\s*:(.*)$")
PART_LINE = re.compile(r"^#\s*={2,}\s*run_in\s*:\s*(\S+)\s*={2,}\s*$")
SERVICE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


class VariantHeader(Strict):
    """What a variant declares about itself."""

    expect: Literal["pass", "fail"] = Field(
        description="pass: full points for its task; fail: fewer than full points for its task")
    why: str = Field(min_length=1, description="one line: what this variant is, as a learner would do it")
    run_in: str | None = Field(
        default=None, description="workspace | host | a compose service (default: the task's solution's)")
    needs: list[str] = Field(default=[], description="tasks whose reference solutions run before it")
    feedback: list[str] = Field(
        default=[], description="fail only: regexes that failed check messages of the task must match")
    alone: bool = Field(default=False, description="run in an env of its own")
    params: dict[str, str] = Field(default={}, description="parameters pinned for the env it runs in")
    include: list[str] = Field(default=[], description="files under variants/ prepended to the script")

    @field_validator("run_in")
    @classmethod
    def _run_in(cls, value: str | None) -> str | None:
        if value is not None and not SERVICE_PATTERN.match(value):
            raise ValueError(f"'{value}' is not a place to run in: say workspace, host or a compose service")
        return value

    @field_validator("needs")
    @classmethod
    def _needs(cls, value: list[str]) -> list[str]:
        for task in value:
            if not re.match(ID_PATTERN, task):
                raise ValueError(f"'{task}' is not a task id")
        return value

    @field_validator("feedback")
    @classmethod
    def _feedback(cls, value: list[str]) -> list[str]:
        for pattern in value:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"feedback regex '{pattern}' does not compile: {exc}") from None
        return value

    @field_validator("include")
    @classmethod
    def _include(cls, value: list[str]) -> list[str]:
        for path in value:
            if path.startswith("/") or ".." in Path(path).parts:
                raise ValueError(f"include '{path}' must be a path inside the variants folder")
        return value

    @model_validator(mode="after")
    def _feedback_only_for_fail(self) -> VariantHeader:
        if self.feedback and self.expect != "fail":
            raise ValueError("feedback: is for variants that expect fail (a passing task has no failed checks)")
        return self


@dataclass(frozen=True)
class Part:
    """A stretch of a variant script run in one place."""

    run_in: str
    script: str
    #: the line of the script this part starts on
    line: int
    #: the line that says where it runs (the header's run_in, a `# == run_in ==` marker; 1 if defaulted)
    declared: int = 1


@dataclass(frozen=True)
class Variant:
    task: str
    name: str
    path: Path
    header: VariantHeader
    #: the header key -> line number it was declared on (first occurrence)
    lines: dict[str, int] = field(default_factory=dict)
    parts: tuple[Part, ...] = ()

    @property
    def id(self) -> str:
        return f"{self.task}/{self.name}"

    @property
    def expect_pass(self) -> bool:
        return self.header.expect == "pass"

    def run_in(self, spec: LabSpec) -> str:
        """Where its first part runs: its own run_in, else the task's solution's, else workspace."""
        if self.header.run_in:
            return self.header.run_in
        task = spec.task(self.task)
        return task.solution.run_in if task is not None and task.solution is not None else WORKSPACE


def _error(path: Path, line: int | None, message: str, field_name: str | None = None,
           hint: str | None = None) -> SpecError:
    return SpecError(message, file=str(path), line=line, field=field_name, hint=hint)


def _strip_comment(value: str) -> str:
    return re.sub(r"\s+#(\s.*)?$", "", value).strip()


def parse_header(path: Path, text: str) -> tuple[VariantHeader, dict[str, int], int]:
    """(header, key -> line, index of the first line after the header block)."""
    lines = text.splitlines()
    raw: dict[str, list[str]] = {}
    where: dict[str, int] = {}
    i = 1 if lines and lines[0].startswith("#!") else 0
    while i < len(lines) and lines[i].startswith("#") and not PART_LINE.match(lines[i]):
        match = HEADER_LINE.match(lines[i])
        if match:
            key, value = match.group(1).lower().replace("-", "_"), match.group(2).strip()
            if key not in KEYS:
                raise _error(path, i + 1, f"unknown header key '{match.group(1)}'; choose from: {', '.join(KEYS)}",
                             hint="Free comments in the header block must not look like `# word: ...`; "
                                  "put them after a blank line.")
            if key not in VERBATIM_KEYS:
                value = _strip_comment(value)
            if key in raw and key not in LIST_KEYS and key != "feedback":
                raise _error(path, i + 1, f"'{key}' is declared twice (first on line {where[key]})")
            raw.setdefault(key, []).append(value)
            where.setdefault(key, i + 1)
        i += 1
    data: dict[str, object] = {}
    for key, values in raw.items():
        if key in LIST_KEYS:
            items = [item.strip() for value in values for item in value.split(",") if item.strip()]
            if key == "params":
                pinned: dict[str, str] = {}
                for item in items:
                    name, sep, value = item.partition("=")
                    if not sep or not name.strip():
                        raise _error(path, where[key], f"params entry '{item}' should be NAME=VALUE")
                    pinned[name.strip()] = value.strip()
                data[key] = pinned
            else:
                data[key] = items
        elif key == "feedback":
            data[key] = values
        elif key == "alone":
            flag = values[0].lower()
            if flag not in ("true", "false", "yes", "no"):
                raise _error(path, where[key], f"alone should be true or false, not '{values[0]}'")
            data[key] = flag in ("true", "yes")
        else:
            data[key] = values[0]
    if "expect" not in data:
        raise _error(path, 1, "the header has no `# expect: pass` or `# expect: fail` line",
                     hint="Start the script with a comment block: expect, why, and optionally run_in, "
                          "needs, feedback (see docs/lab-authoring.md).")
    try:
        header = VariantHeader.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        key = str(err["loc"][0]) if err["loc"] else "expect"
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "missing":
            msg = "required header key is missing"
        elif err["type"] == "literal_error":
            msg = f"should be pass or fail, not '{data.get(key)}'"
        raise _error(path, where.get(key, 1), msg, field_name=key) from exc
    return header, where, i


def split_parts(path: Path, text: str, first_run_in: str, body_start: int,
                declared: int = 1) -> tuple[Part, ...]:
    lines = text.splitlines()
    parts: list[Part] = []
    chunk: list[str] = []
    run_in, start = first_run_in, body_start + 1
    for n in range(body_start, len(lines)):
        match = PART_LINE.match(lines[n])
        if match:
            if any(ln.strip() for ln in chunk):
                parts.append(Part(run_in, "\n".join(chunk) + "\n", start, declared))
            run_in, start, chunk, declared = match.group(1), n + 2, [], n + 1
            if not SERVICE_PATTERN.match(run_in):
                raise _error(path, n + 1, f"'{run_in}' is not a place to run in")
            continue
        chunk.append(lines[n])
    if any(ln.strip() for ln in chunk) or not parts:
        parts.append(Part(run_in, "\n".join(chunk) + "\n", start, declared))
    return tuple(parts)


def variants_dir(lab_path: Path) -> Path:
    return lab_path / VARIANTS_DIR


def load_variant(lab_path: Path, spec: LabSpec, path: Path) -> Variant:
    """Parse one variant script and check it against the lab's spec."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _error(path, None, f"cannot read the variant: {exc}") from exc
    header, where, body = parse_header(path, text)
    task_id = path.parent.name
    task = spec.task(task_id)
    if task is None:
        raise _error(path, None, f"the folder {task_id}/ names no task of lab {spec.id}; its tasks: "
                     f"{', '.join(t.id for t in spec.tasks)}", hint="Put variants in variants/<task id>/.")
    tasks = [t.id for t in spec.tasks]
    for need in header.needs:
        if need not in tasks:
            raise _error(path, where.get("needs"), f"needs names task '{need}', which lab {spec.id} does not have; "
                         f"its tasks: {', '.join(tasks)}", field_name="needs")
        if need == task_id:
            raise _error(path, where.get("needs"), f"a variant of task {task_id} cannot need its own task's "
                         "reference solution (it would overwrite or mask the variant)", field_name="needs")
        need_task = spec.task(need)
        if need_task is not None and need_task.solution is None:
            raise _error(path, where.get("needs"), f"needs task '{need}', which has no reference solution to run",
                         field_name="needs")
    known = {p.name: p for p in spec.parameters}
    for name in header.params:
        if name not in known:
            raise _error(path, where.get("params"), f"params pins '{name}', which is no parameter of lab {spec.id}; "
                         f"its parameters: {', '.join(known) or 'none'}", field_name="params")
        param = known[name]
        value = header.params[name]
        if param.type == "int" and not re.fullmatch(r"-?\d+", value):
            raise _error(path, where.get("params"), f"parameter '{name}' is an int; '{value}' is not",
                         field_name="params")
    folder = variants_dir(lab_path)
    for inc in header.include:
        if not (folder / inc).is_file():
            raise _error(path, where.get("include"), f"include '{inc}' does not exist in {folder}",
                         field_name="include")
    if header.run_in not in (None, HOST) and spec.environment.compose is None:
        raise _error(path, where.get("run_in"), f"lab {spec.id} has no containers to run '{header.run_in}' in; "
                     "use run_in: host", field_name="run_in")
    first = header.run_in or (task.solution.run_in if task.solution else WORKSPACE)
    parts = split_parts(path, text, first, body, where.get("run_in", 1))
    return Variant(task=task_id, name=path.stem, path=path, header=header, lines=where, parts=parts)


def load_variants(lab_path: Path, spec: LabSpec) -> list[Variant]:
    """Every variant of a lab, in task order then by name; [] when the lab has none."""
    folder = variants_dir(lab_path)
    if not folder.is_dir():
        return []
    order = {t.id: i for i, t in enumerate(spec.tasks)}
    found: list[Variant] = []
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith(("_", ".")):
            continue  # shared files (_lib/, _teardown.sh)
        if not entry.is_dir():
            if entry.suffix == ".sh":
                raise _error(entry, None, "a variant must be in the folder of its task: variants/<task id>/NAME.sh")
            continue
        for script in sorted(entry.iterdir()):
            if script.is_file() and script.suffix == ".sh":
                found.append(load_variant(lab_path, spec, script))
    found.sort(key=lambda v: (order.get(v.task, len(order)), v.name))
    return found


def script_text(lab_path: Path, variant: Variant, part: Part) -> str:
    """The script a part runs: its includes first, then its own lines."""
    folder = variants_dir(lab_path)
    pieces = [(folder / inc).read_text(encoding="utf-8") for inc in variant.header.include]
    return "\n".join([*pieces, part.script])
