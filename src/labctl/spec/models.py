"""pydantic models of `labs/<id>/lab.yaml`.

Every model forbids unknown fields, so a typo is an error that names the
field instead of a setting silently ignored.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from labctl.spec.kinds import KIND_NAMES, TOOLS
from labctl.spec.names import ID_MAX, ID_PATTERN


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# -- parameters ------------------------------------------------------------


class WordGenerator(Strict):
    """A random word from a built-in list (user names, bucket names, ...)."""

    kind: Literal["word"]
    prefix: str = ""
    suffix: str = ""


class IntGenerator(Strict):
    kind: Literal["int"]
    min: int
    max: int

    @model_validator(mode="after")
    def _range(self) -> IntGenerator:
        if self.min > self.max:
            raise ValueError(f"min ({self.min}) must be <= max ({self.max})")
        return self


class ChoiceGenerator(Strict):
    kind: Literal["choice"]
    choices: list[str | int] = Field(min_length=1)


class HexGenerator(Strict):
    """Random lowercase hex, for tokens and secrets."""

    kind: Literal["hex"]
    length: int = Field(default=12, ge=4, le=64)


class PortGenerator(Strict):
    """A free TCP port on this host, chosen when the env is created."""

    kind: Literal["port"]


Generator = Annotated[
    WordGenerator | IntGenerator | ChoiceGenerator | HexGenerator | PortGenerator,
    Field(discriminator="kind"),
]


class Parameter(Strict):
    name: str = Field(pattern=r"^[a-z_][a-z0-9_]*$")
    type: Literal["str", "int", "bool"] = "str"
    description: str = ""
    default: str | int | bool | None = None
    generator: Generator | None = None

    @model_validator(mode="after")
    def _value_source(self) -> Parameter:
        if self.default is None and self.generator is None:
            raise ValueError("a parameter needs a default or a generator")
        if self.generator is not None:
            kind = self.generator.kind
            if self.type == "int" and kind in ("word", "hex"):
                raise ValueError(f"a '{kind}' generator makes strings; type is int")
            if self.type == "bool":
                raise ValueError("bool parameters take a default, not a generator")
            if self.type == "str" and kind in ("int", "port"):
                raise ValueError(f"a '{kind}' generator makes ints; set type: int")
        if self.default is not None:
            expected = {"str": str, "int": int, "bool": bool}[self.type]
            ok = isinstance(self.default, expected) and not (
                self.type == "int" and isinstance(self.default, bool)
            )
            if not ok:
                raise ValueError(
                    f"default {self.default!r} is not of type {self.type}"
                )
        return self


# -- environment parts -----------------------------------------------------


class PublishedPort(Strict):
    """A container port published on a free host port chosen by labctl."""

    name: str = Field(pattern=r"^[a-z_][a-z0-9_]*$")
    service: str
    target: int = Field(ge=1, le=65535)
    protocol: Literal["tcp", "udp"] = "tcp"
    scheme: Literal["http", "https", "ssh", "tcp"] = "http"


class Limits(Strict):
    """Per-container resource limits (a class may override them)."""

    memory: str | None = Field(default=None, pattern=r"^\d+[kmgKMG]?$")
    cpus: float | None = Field(default=None, gt=0)
    pids: int | None = Field(default=None, gt=0)


class ComposePart(Strict):
    template: str = "compose.yaml.j2"
    workspace: str | None = Field(
        default=None, description="service that `labctl shell` enters and solutions run in"
    )
    ports: list[PublishedPort] = []
    limits: Limits = Limits()
    ready_timeout: int = Field(default=120, gt=0)
    ssh_user: str = Field(
        default="learner", pattern=r"^[a-z_][a-z0-9_-]*$",
        description="account students log in as in a class, through the workspace service's "
        "`scheme: ssh` port (the image creates it; labctl sets its password and key)",
    )


class KindPart(Strict):
    config: str = "kind.yaml.j2"
    nodes: int = Field(default=1, ge=1, le=5)
    manifests: list[str] = []
    namespace: str = Field(default="lab", pattern=ID_PATTERN)
    ports: list[PublishedPort] = []
    ready_timeout: int = Field(default=300, gt=0)


class TerraformPart(Strict):
    templates: list[str] = Field(min_length=1)
    modules: list[str] = []
    aws: bool = True
    apply: bool = Field(default=True, description="apply the stack at `up` to set the scene")


class Environment(Strict):
    compose: ComposePart | None = None
    kind: KindPart | None = None
    terraform: TerraformPart | None = None

    @model_validator(mode="before")
    @classmethod
    def _known_backends(cls, data: Any) -> Any:
        if isinstance(data, dict):
            unknown = [k for k in data if k not in KIND_NAMES]
            if unknown:
                raise ValueError(
                    f"backend '{unknown[0]}' unknown; choose from: {', '.join(sorted(KIND_NAMES))}"
                )
        return data

    @model_validator(mode="after")
    def _at_least_one(self) -> Environment:
        if not self.backends():
            raise ValueError(f"environment names no backend; add one of: {', '.join(sorted(KIND_NAMES))}")
        return self

    def backends(self) -> list[str]:
        """The parts this lab declares, in apply order."""
        return [name for name in KIND_NAMES if getattr(self, name) is not None]


# -- tasks -----------------------------------------------------------------


class Solution(Strict):
    script: str
    run_in: str = Field(
        default="workspace",
        description="'workspace' (the compose workspace service), 'host', or a service name",
    )


class Task(Strict):
    id: str = Field(pattern=ID_PATTERN, max_length=ID_MAX)
    title: str = Field(min_length=1)
    points: int = Field(gt=0)
    instructions: str
    hints: list[str] = []
    checks: list[str] = Field(min_length=1, description="check files or pytest node ids")
    solution: Solution | None = None

    @field_validator("solution", mode="before")
    @classmethod
    def _solution_shorthand(cls, value: Any) -> Any:
        return {"script": value} if isinstance(value, str) else value


class LabSpec(Strict):
    id: str = Field(pattern=ID_PATTERN, max_length=ID_MAX)
    title: str = Field(min_length=1)
    phase: int | str
    summary: str = ""
    estimated_minutes: int = Field(default=60, gt=0)
    requires: list[str] = []
    parameters: list[Parameter] = []
    environment: Environment
    workspace: str | None = Field(
        default=None,
        description="lab folder copied (rendering *.j2) into the env's host workspace at `up`",
    )
    hint_penalty: float = Field(default=0, ge=0)
    check_timeout: int = Field(default=30, gt=0)
    host_docker: bool = Field(
        default=False,
        description="the learner drives a Docker engine of their own (docker CLI/SDK); "
        "`labctl class` refuses such a lab, since each student would need a private engine",
    )
    tasks: list[Task] = Field(min_length=1)

    @field_validator("requires")
    @classmethod
    def _known_tools(cls, value: list[str]) -> list[str]:
        for tool in value:
            if tool not in TOOLS:
                raise ValueError(f"tool '{tool}' unknown; choose from: {', '.join(TOOLS)}")
        return value

    @model_validator(mode="after")
    def _unique(self) -> LabSpec:
        for kind, names in (
            ("task id", [t.id for t in self.tasks]),
            ("parameter name", [p.name for p in self.parameters]),
        ):
            seen: set[str] = set()
            for name in names:
                if name in seen:
                    raise ValueError(f"duplicate {kind} '{name}'")
                seen.add(name)
        return self

    @property
    def max_score(self) -> int:
        return sum(t.points for t in self.tasks)

    def task(self, task_id: str) -> Task | None:
        return next((t for t in self.tasks if t.id == task_id), None)

    def all_ports(self) -> list[PublishedPort]:
        env = self.environment
        return [*(env.compose.ports if env.compose else []), *(env.kind.ports if env.kind else [])]

    def ssh_port(self) -> PublishedPort | None:
        """The port class students log in through: `scheme: ssh` on the workspace service."""
        part = self.environment.compose
        if part is None:
            return None
        ssh = [p for p in part.ports if p.scheme == "ssh"]
        return next((p for p in ssh if p.service == part.workspace), ssh[0] if ssh else None)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9-]+", "-", text.lower()).strip("-")
