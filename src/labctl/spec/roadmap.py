"""Roadmaps as data: `roadmaps/<id>.yaml`, one learning roadmap's steps in order, each
naming the labs (or tasks of a lab) that teach it, or saying why no lab covers it yet.

    id: sre
    title: SRE skills development roadmap
    source: the document it follows
    steps:
      - id: capacity
        title: Automated capacity planning and optimization
        topics: [load tests, capacity models]
        labs: [slo:loadtest, slo:capacity, slo:report]   # lab, or lab:task
        gap: ML-driven prediction needs ...               # what is not covered, and why

Models forbid unknown fields, like lab.yaml's; `check_refs` turns a lab id or task that does
not exist into an error at the file and line that names it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import Field, ValidationError, model_validator

from labctl import paths
from labctl.errors import NotFoundError, SpecError
from labctl.spec.models import Strict
from labctl.spec.names import ID_PATTERN

ROADMAP_SUFFIXES = (".yaml", ".yml")
LAB_REF_PATTERN = r"^[a-z0-9][a-z0-9-]*(:[a-z0-9][a-z0-9-]*)?$"
Coverage = Literal["covered", "partial", "none"]


class RoadmapStep(Strict):
    """One step of a roadmap, in the roadmap's order."""

    id: str = Field(pattern=ID_PATTERN)
    title: str = Field(min_length=1)
    topics: list[str] = Field(default=[], description="what the roadmap lists under this step")
    labs: list[str] = Field(
        default=[],
        description="labs that teach the step, in the order to take them: a lab id, or "
        "`lab:task` for one task of a lab",
    )
    gap: str | None = Field(
        default=None,
        description="what no lab covers yet, and why (a tool that cannot run offline, say); "
        "required when `labs` is empty",
    )

    @model_validator(mode="after")
    def _labs_or_gap(self) -> RoadmapStep:
        import re

        for ref in self.labs:
            if not re.match(LAB_REF_PATTERN, ref):
                raise ValueError(f"'{ref}' is not a lab reference: write a lab id (phase1) or lab:task "
                                 "(slo:capacity)")
        if not self.labs and not (self.gap or "").strip():
            raise ValueError("a step with no lab needs a gap: say what is missing and why no lab "
                             "covers it yet")
        return self

    @property
    def coverage(self) -> Coverage:
        if not self.labs:
            return "none"
        return "partial" if self.gap else "covered"

    def lab_ids(self) -> list[str]:
        """Distinct lab ids of the step's references, in order."""
        return list(dict.fromkeys(ref.split(":", 1)[0] for ref in self.labs))


class Roadmap(Strict):
    """A learning roadmap: its steps in order."""

    id: str = Field(pattern=ID_PATTERN)
    title: str = Field(min_length=1)
    summary: str = ""
    source: str = Field(default="", description="the document or course the roadmap follows")
    steps: list[RoadmapStep] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_steps(self) -> Roadmap:
        seen: set[str] = set()
        for step in self.steps:
            if step.id in seen:
                raise ValueError(f"duplicate step id '{step.id}'")
            seen.add(step.id)
        return self

    def step(self, step_id: str) -> RoadmapStep | None:
        return next((s for s in self.steps if s.id == step_id), None)

    def lab_ids(self) -> list[str]:
        return list(dict.fromkeys(lab for step in self.steps for lab in step.lab_ids()))


@dataclass(frozen=True)
class RoadmapFile:
    roadmap: Roadmap
    path: Path

    @property
    def id(self) -> str:
        return self.roadmap.id


def roadmap_schema() -> dict[str, Any]:
    schema = Roadmap.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "https://labctl.dev/schema/roadmap.schema.json", **schema}


def roadmap_schema_text() -> str:
    import json

    return json.dumps(roadmap_schema(), indent=2, sort_keys=True) + "\n"


# -- loading -------------------------------------------------------------------------------


def _compose(path: Path) -> tuple[Any, yaml.Node | None]:
    display = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SpecError(f"cannot read the roadmap: {exc.strerror}", file=display) from exc
    try:
        return yaml.safe_load(text), yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise SpecError(f"invalid YAML: {getattr(exc, 'problem', None) or exc}", file=display,
                        line=mark.line + 1 if mark is not None else None,
                        hint="Fix the YAML syntax (indentation, quotes, colons).") from exc


def load_roadmap(path: Path) -> RoadmapFile:
    """Parse and validate one roadmap file (lab references are checked by `check_refs`)."""
    from labctl.spec.loader import _field_path, _line_of

    data, root = _compose(path)
    display = str(path)
    if not isinstance(data, dict):
        raise SpecError("a roadmap must be a YAML mapping of fields (id, title, steps)", file=display, line=1)
    try:
        roadmap = Roadmap.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(err["loc"])
        msg = err["msg"].removeprefix("Value error, ")
        if msg.startswith("duplicate step id"):
            ids = [s.get("id") for s in data.get("steps") or [] if isinstance(s, dict)]
            dup = msg.split("'")[1]
            loc = ("steps", len(ids) - 1 - ids[::-1].index(dup), "id") if dup in ids else loc
        if err["type"] == "extra_forbidden":
            msg = "unknown field; check its spelling against `labctl roadmap schema`"
        elif err["type"] == "missing":
            msg = "required field is missing"
        more = len(exc.errors()) - 1
        if more:
            msg += f" (and {more} more error{'s' if more > 1 else ''})"
        raise SpecError(msg, file=display, field=_field_path(loc), line=_line_of(root, loc)) from exc
    if roadmap.id != path.stem:
        raise SpecError(f"id '{roadmap.id}' does not match the file name '{path.name}'", file=display,
                        field="id", line=_line_of(root, ("id",)),
                        hint="Rename the file or the id so they agree.")
    return RoadmapFile(roadmap, path.resolve())


def check_refs(rf: RoadmapFile, labs: dict[str, Path]) -> None:
    """Every lab (and task) a step names must exist on the lab search path."""
    import difflib

    from labctl.spec.loader import _line_of, load_lab_dir

    root = yaml.compose(rf.path.read_text(encoding="utf-8"))
    tasks: dict[str, set[str]] = {}
    for i, step in enumerate(rf.roadmap.steps):
        for j, ref in enumerate(step.labs):
            lab_id, _, task = ref.partition(":")
            loc = ("steps", i, "labs", j)
            if lab_id not in labs:
                close = difflib.get_close_matches(lab_id, list(labs), n=3, cutoff=0.5)
                raise SpecError(
                    f"step '{step.id}' names lab '{lab_id}', which is not on the lab search path"
                    + (f" (did you mean: {', '.join(close)}?)" if close else ""),
                    file=str(rf.path), field=f"steps[{i}].labs[{j}]", line=_line_of(root, loc),
                    hint="Use an id from `labctl list`, add the lab's folder with --labs-path, or "
                    "give the step a gap instead.")
            if task:
                if lab_id not in tasks:
                    spec = load_lab_dir(labs[lab_id], check_files=False).spec
                    tasks[lab_id] = {t.id for t in spec.tasks}
                if task not in tasks[lab_id]:
                    raise SpecError(
                        f"step '{step.id}' names task '{task}' of lab {lab_id}, which has no such task "
                        f"(its tasks: {', '.join(sorted(tasks[lab_id]))})",
                        file=str(rf.path), field=f"steps[{i}].labs[{j}]", line=_line_of(root, loc))


# -- discovery -------------------------------------------------------------------------------


def search_path(extra: list[Path] | None = None) -> list[Path]:
    return paths.roadmaps_search_path(extra)


def discover(search: list[Path] | None = None) -> dict[str, Path]:
    """Map roadmap id (file stem) -> file, earlier search-path entries winning."""
    found: dict[str, Path] = {}
    for base in search if search is not None else search_path():
        if base.is_file() and base.suffix in ROADMAP_SUFFIXES:
            found.setdefault(base.stem, base)
            continue
        if not base.is_dir():
            continue
        for child in sorted(base.iterdir()):
            if child.is_file() and child.suffix in ROADMAP_SUFFIXES:
                found.setdefault(child.stem, child)
    return found


def is_roadmap_file(target: str) -> bool:
    path = Path(target)
    return path.is_file() and path.suffix in ROADMAP_SUFFIXES


def find_roadmap(roadmap_id: str, search: list[Path] | None = None) -> RoadmapFile:
    """Load a roadmap by id, or from a path to its file."""
    import difflib

    if is_roadmap_file(roadmap_id):
        return load_roadmap(Path(roadmap_id))
    found = discover(search)
    if roadmap_id not in found:
        close = difflib.get_close_matches(roadmap_id, list(found), n=3, cutoff=0.5)
        suggestion = f" Did you mean: {', '.join(close)}?" if close else ""
        raise NotFoundError(f"roadmap '{roadmap_id}' not found.{suggestion}",
                            hint="Run `labctl roadmap list` to see the roadmaps on the search path.")
    return load_roadmap(found[roadmap_id])
