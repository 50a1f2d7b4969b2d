"""Find labs on the search path and load their lab.yaml into a LabSpec.

Errors name the file, the field path and, where the YAML tells us, the line.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from labctl import paths
from labctl.errors import NotFoundError, SpecError
from labctl.spec.models import LabSpec

SPEC_FILE = "lab.yaml"


@dataclass(frozen=True)
class Lab:
    """A loaded lab: its spec and the folder it came from."""

    spec: LabSpec
    path: Path

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def spec_file(self) -> Path:
        return self.path / SPEC_FILE

    def file(self, relative: str) -> Path:
        return self.path / relative

    @property
    def templates_dir(self) -> Path:
        return self.path / "templates"

    @property
    def images_dir(self) -> Path:
        return self.path / "images"

    @property
    def checks_dir(self) -> Path:
        return self.path / "checks"


def _line_of(root: yaml.Node | None, loc: tuple[int | str, ...]) -> int | None:
    """Follow a pydantic error location through the YAML node tree to a line number."""
    node = root
    line = None if node is None else node.start_mark.line + 1
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if k.value == key), None)
            key_node = next((k for k, _ in node.value if k.value == key), None)
            if match is None:
                break
            node = match
            line = (key_node or match).start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
            if key >= len(node.value):
                break
            node = node.value[key]
            line = node.start_mark.line + 1
        else:
            break
    return line


def _field_path(loc: tuple[int | str, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        elif item in ("function-after", "function-before") or "[" in str(item):
            continue  # pydantic's internal union/validator labels
        else:
            parts.append(("." if parts else "") + str(item))
    return "".join(parts) or "(top level)"


def _clean_loc(loc: tuple[int | str, ...]) -> tuple[int | str, ...]:
    # Discriminated unions add the tag ('word', 'int', ...) to the path; drop it.
    return tuple(p for p in loc if not (isinstance(p, str) and p in _GENERATOR_TAGS))


_GENERATOR_TAGS = {"word", "int", "choice", "hex", "port"}


def _locate_duplicate(msg: str, data: dict[str, Any], loc: tuple[int | str, ...]) -> tuple[int | str, ...]:
    """Point a 'duplicate task id' error at the second occurrence, not the whole spec."""
    match = re.match(r"duplicate (task id|parameter name) '(.+)'", msg)
    if not match:
        return loc
    section, key = ("tasks", "id") if match.group(1) == "task id" else ("parameters", "name")
    seen = 0
    for index, item in enumerate(data.get(section) or []):
        if isinstance(item, dict) and str(item.get(key)) == match.group(2):
            seen += 1
            if seen == 2:
                return (section, index, key)
    return loc


def parse_spec(spec_file: Path) -> LabSpec:
    """Parse and validate one lab.yaml (without checking referenced files)."""
    display = str(spec_file)
    try:
        text = spec_file.read_text(encoding="utf-8")
    except OSError as exc:
        raise SpecError(f"cannot read the lab spec: {exc.strerror}", file=display) from exc
    try:
        root = yaml.compose(text)
        data: Any = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise SpecError(
            f"invalid YAML: {problem}", file=display, line=line,
            hint="Fix the YAML syntax (indentation, quotes, colons).",
        ) from exc
    if not isinstance(data, dict):
        raise SpecError("the spec must be a YAML mapping of fields", file=display, line=1)
    try:
        return LabSpec.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = _clean_loc(tuple(err["loc"]))
        msg = err["msg"].removeprefix("Value error, ")
        loc = _locate_duplicate(msg, data, loc)
        if err["type"] == "extra_forbidden":
            msg = "unknown field; check its spelling against `labctl schema`"
        elif err["type"] == "missing":
            msg = "required field is missing"
        more = len(exc.errors()) - 1
        if more:
            msg += f" (and {more} more error{'s' if more > 1 else ''})"
        raise SpecError(msg, file=display, field=_field_path(loc), line=_line_of(root, loc)) from exc


def _check_files(lab: Lab) -> None:
    """Every file the spec names must exist in the lab folder."""
    spec = lab.spec
    display = str(lab.spec_file)
    root = yaml.compose(lab.spec_file.read_text(encoding="utf-8"))

    def missing(path: str, loc: tuple[int | str, ...], what: str) -> SpecError:
        return SpecError(
            f"{what} '{path}' does not exist in {lab.path}",
            file=display, field=_field_path(loc), line=_line_of(root, loc),
            hint="Create the file or fix the path (paths are relative to the lab folder).",
        )

    for i, task in enumerate(spec.tasks):
        if not lab.file(task.instructions).is_file():
            raise missing(task.instructions, ("tasks", i, "instructions"), "instructions file")
        for j, check in enumerate(task.checks):
            check_file = check.split("::", 1)[0]
            if not lab.file(check_file).is_file():
                raise missing(check_file, ("tasks", i, "checks", j), "check file")
        if task.solution and not lab.file(task.solution.script).is_file():
            raise missing(task.solution.script, ("tasks", i, "solution"), "solution script")
    if spec.workspace and not lab.file(spec.workspace).is_dir():
        raise missing(spec.workspace, ("workspace",), "workspace folder")
    for name, image in spec.images.items():
        if not (lab.images_dir / name / "Dockerfile").is_file():
            raise missing(f"images/{name}/Dockerfile", ("images", name), "image Dockerfile")
        if image.wheels and (lab.images_dir / name / "wheels").exists():
            raise SpecError(
                f"images/{name}/wheels exists in the lab folder, but labctl stages the image's "
                "wheels there at build time", file=display, field=f"images.{name}",
                line=_line_of(root, ("images", name)),
                hint="Rename or remove that folder; the Dockerfile finds the wheels in `wheels/`.",
            )
    if spec.id != lab.path.name:
        raise SpecError(
            f"id '{spec.id}' does not match the lab folder name '{lab.path.name}'",
            file=display, field="id", line=_line_of(root, ("id",)),
            hint="Rename the folder or the id so they agree.",
        )


def load_lab_dir(path: Path, *, check_files: bool = True) -> Lab:
    spec_file = path / SPEC_FILE
    if not spec_file.is_file():
        raise SpecError(f"no {SPEC_FILE} in this folder", file=str(path))
    lab = Lab(spec=parse_spec(spec_file), path=path.resolve())
    if check_files:
        _check_files(lab)
    return lab


def discover(search_path: list[Path] | None = None) -> dict[str, Path]:
    """Map lab id (folder name) -> folder, earlier search-path entries winning."""
    found: dict[str, Path] = {}
    for base in search_path or paths.labs_search_path():
        if not base.is_dir():
            continue
        if (base / SPEC_FILE).is_file():  # a path that is itself a lab
            found.setdefault(base.name, base)
            continue
        for child in sorted(base.iterdir()):
            if (child / SPEC_FILE).is_file():
                found.setdefault(child.name, child)
    return found


def find_lab(lab_id: str, search_path: list[Path] | None = None) -> Lab:
    """Load a lab by id, or by path to a lab folder."""
    as_path = Path(lab_id)
    if (as_path / SPEC_FILE).is_file():
        return load_lab_dir(as_path)
    labs = discover(search_path)
    if lab_id not in labs:
        close = difflib.get_close_matches(lab_id, list(labs), n=3, cutoff=0.5)
        suggestion = f" Did you mean: {', '.join(close)}?" if close else ""
        raise NotFoundError(
            f"lab '{lab_id}' not found.{suggestion}",
            hint="Run `labctl list` to see the labs on the search path.",
        )
    return load_lab_dir(labs[lab_id])
