"""Find labs on the search path and load their lab.yaml into a LabSpec.

Errors name the file, the field path and, where the YAML tells us, the line.
"""

from __future__ import annotations

import difflib
import errno
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from labctl import paths
from labctl.errors import NotFoundError, SpecError
from labctl.spec.models import LabSpec
from labctl.spec.names import ID_MAX, ID_PATTERN, RULE
from labctl.spec.textfile import is_within, read_text

if TYPE_CHECKING:
    import yaml

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
    import yaml

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
    return _parse(spec_file)[0]


def _parse(spec_file: Path) -> tuple[LabSpec, yaml.Node | None]:
    """(spec, YAML node tree for line numbers; None when the spec came from the cache)."""
    from labctl.spec import cache

    display = str(spec_file)
    text = read_text(spec_file, "lab spec")
    cached = cache.get(text)
    if isinstance(cached, LabSpec):
        return cached, None
    from pydantic import ValidationError

    from labctl.spec import yamlfile

    data, root = yamlfile.load(text, display, what="lab spec")
    if not isinstance(data, dict):
        raise SpecError("the spec must be a YAML mapping of fields", file=display, line=1)
    try:
        spec = LabSpec.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = _clean_loc(tuple(err["loc"]))
        msg = err["msg"].removeprefix("Value error, ")
        loc = _locate_duplicate(msg, data, loc)
        if err["type"] == "extra_forbidden":
            msg = "unknown field; check its spelling against `labctl schema`"
        elif err["type"] == "string_pattern_mismatch":
            pattern = str((err.get("ctx") or {}).get("pattern", ""))
            msg = f"{err.get('input')!r} does not match the pattern {pattern}"
            if pattern == ID_PATTERN:
                msg += f" ({RULE.format(max=ID_MAX)})"
        elif err["type"] == "missing":
            msg = "required field is missing"
        more = len(exc.errors()) - 1
        if more:
            msg += f" (and {more} more error{'s' if more > 1 else ''})"
        raise SpecError(msg, file=display, field=_field_path(loc), line=_line_of(root, loc)) from exc
    cache.put(text, spec)
    return spec, root


def line_of(lab: Lab, loc: tuple[int | str, ...], root: yaml.Node | None = None) -> int | None:
    """The line of lab.yaml a field path starts on (None if it cannot be told)."""
    if root is None:
        from labctl.spec import yamlfile

        try:
            root = yamlfile.load(read_text(lab.spec_file, "lab spec"), str(lab.spec_file))[1]
        except SpecError:
            return None
    return _line_of(root, loc)


def spec_error(lab: Lab, message: str, loc: tuple[int | str, ...], *, hint: str | None = None,
               root: yaml.Node | None = None) -> SpecError:
    """A SpecError pointing at a field of the lab's lab.yaml (file, line and field path)."""
    return SpecError(message, file=str(lab.spec_file), field=_field_path(loc), line=line_of(lab, loc, root),
                     hint=hint)


def _check_files(lab: Lab, root: yaml.Node | None) -> None:
    """Every file the spec names must be a file inside the lab folder."""
    spec = lab.spec

    def bad(path: str, loc: tuple[int | str, ...], what: str, *, folder: bool = False) -> SpecError | None:
        target = lab.file(path)
        if Path(path).is_absolute() or not is_within(target, lab.path):
            return spec_error(lab, f"{what} '{path}' leaves the lab folder {lab.path}", loc, root=root,
                              hint="Paths in lab.yaml are relative to the lab folder and stay inside it.")
        if not (target.is_dir() if folder else target.is_file()):
            kind = "is a folder, not a file" if target.is_dir() else (
                "is a file, not a folder" if target.exists() else "does not exist")
            return spec_error(lab, f"{what} '{path}' {kind} (in {lab.path})", loc, root=root,
                              hint="Create it or fix the path (paths are relative to the lab folder).")
        return None

    problems: list[SpecError | None] = []
    for i, task in enumerate(spec.tasks):
        problems.append(bad(task.instructions, ("tasks", i, "instructions"), "instructions file"))
        for j, check in enumerate(task.checks):
            problems.append(bad(check.split("::", 1)[0], ("tasks", i, "checks", j), "check file"))
        if task.solution:
            problems.append(bad(task.solution.script, ("tasks", i, "solution"), "solution script"))
    if spec.workspace:
        problems.append(bad(spec.workspace, ("workspace",), "workspace folder", folder=True))
    for name, image in spec.images.items():
        problems.append(bad(f"images/{name}/Dockerfile", ("images", name), "image Dockerfile"))
        if image.wheels and (lab.images_dir / name / "wheels").exists():
            problems.append(spec_error(
                lab, f"images/{name}/wheels exists in the lab folder, but labctl stages the image's "
                "wheels there at build time", ("images", name), root=root,
                hint="Rename or remove that folder; the Dockerfile finds the wheels in `wheels/`."))
    first = next((p for p in problems if p is not None), None)
    if first is not None:
        raise first
    if spec.id != lab.path.name:
        raise spec_error(lab, f"id '{spec.id}' does not match the lab folder name '{lab.path.name}'", ("id",),
                         root=root, hint="Rename the folder or the id so they agree.")


def _spec_file_problem(folder: Path) -> str | None:
    """Why a folder's lab.yaml cannot be read as a lab spec (None: it is a regular file)."""
    spec_file = folder / SPEC_FILE
    try:
        spec_file.stat()
    except FileNotFoundError:
        return "is a symlink to nothing" if spec_file.is_symlink() else "does not exist"
    except OSError as exc:
        return "is a symlink loop" if exc.errno == errno.ELOOP else f"cannot be read ({exc.strerror})"
    if spec_file.is_dir():
        return "is a folder, not a file"
    return None if spec_file.is_file() else "is not a regular file"


def load_lab_dir(path: Path, *, check_files: bool = True) -> Lab:
    problem = _spec_file_problem(path)
    if problem is not None:
        raise SpecError(f"{SPEC_FILE} {problem}", file=str(path / SPEC_FILE),
                        hint="A lab is a folder holding a lab.yaml file (see docs/lab-authoring.md).")
    spec, root = _parse(path / SPEC_FILE)
    lab = Lab(spec=spec, path=path.resolve())
    if check_files:
        _check_files(lab, root)
    return lab


def discover(search_path: list[Path] | None = None) -> dict[str, Path]:
    """Map lab id (folder name) -> folder, earlier search-path entries winning."""
    found: dict[str, Path] = {}
    for base in search_path or paths.labs_search_path():
        try:
            if not base.is_dir():
                continue
            if (base / SPEC_FILE).is_file():  # a path that is itself a lab
                found.setdefault(base.name, base)
                continue
            children = sorted(base.iterdir())
        except OSError:  # unreadable: `labctl doctor` and the search-path check say so
            continue
        for child in children:
            try:
                if (child / SPEC_FILE).is_file():
                    found.setdefault(child.name, child)
            except OSError:
                continue
    return found


def find_lab(lab_id: str, search_path: list[Path] | None = None) -> Lab:
    """Load a lab by id, or by path to a lab folder."""
    as_path = Path(lab_id)
    if (as_path / SPEC_FILE).is_file():
        return load_lab_dir(as_path)
    if "/" in lab_id or lab_id.startswith("."):  # meant as a path
        if as_path.is_dir():
            return load_lab_dir(as_path)  # says what is wrong with its lab.yaml
        raise NotFoundError(f"lab folder '{lab_id}' does not exist.",
                            hint="Give a lab id (see `labctl list`) or the path of a lab folder.")
    labs = discover(search_path)
    if lab_id not in labs:
        for base in search_path or paths.labs_search_path():
            folder = base / lab_id
            if folder.is_dir() and _spec_file_problem(folder) is not None:
                return load_lab_dir(folder)  # a lab folder whose lab.yaml is broken: say how
        close = difflib.get_close_matches(lab_id, list(labs), n=3, cutoff=0.5)
        suggestion = f" Did you mean: {', '.join(close)}?" if close else ""
        raise NotFoundError(
            f"lab '{lab_id}' not found.{suggestion}",
            hint="Run `labctl list` to see the labs on the search path.",
        )
    return load_lab_dir(labs[lab_id])
