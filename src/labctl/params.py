"""Resolve a lab's parameters for one environment.

Generators are driven by a seed, so a class seed plus a student id always
gives the same values (the grader grades each student against their own),
while two students get different ones.
"""

from __future__ import annotations

import hashlib
import random
import secrets
from collections.abc import Callable, Mapping
from typing import Any

from labctl.spec.models import LabSpec, Parameter

WORDS = (
    "amber", "aspen", "birch", "cedar", "cobalt", "coral", "delta", "ember", "falcon",
    "fjord", "garnet", "harbor", "indigo", "juniper", "kestrel", "lagoon", "maple",
    "meadow", "nebula", "onyx", "orchid", "otter", "pebble", "pine", "quartz", "raven",
    "river", "saffron", "sierra", "spruce", "summit", "tundra", "umber", "willow", "zephyr",
)

ParamValue = str | int | bool


def new_seed() -> str:
    return secrets.token_hex(8)


def derive_seed(class_seed: str, student_id: str) -> str:
    return hashlib.sha256(f"{class_seed}:{student_id}".encode()).hexdigest()[:16]


def resolve(
    spec: LabSpec,
    seed: str | None,
    *,
    overrides: Mapping[str, ParamValue] | None = None,
    free_port: Callable[[], int] | None = None,
) -> dict[str, ParamValue]:
    """Values for every parameter: override > generator (seeded) > default.

    With no seed, generators are skipped and defaults used (that is what
    `labctl validate` and `render` do, so their output is deterministic).
    """
    overrides = dict(overrides or {})
    values: dict[str, ParamValue] = {}
    for param in spec.parameters:
        if param.name in overrides:
            values[param.name] = _coerce(param, overrides.pop(param.name))
        elif param.generator is not None and (seed is not None or param.default is None):
            rng = random.Random(f"{seed or 'default'}:{param.name}")
            values[param.name] = _generate(param, rng, free_port)
        else:
            assert param.default is not None
            values[param.name] = param.default
    if overrides:
        from labctl.errors import UserInputError

        names = ", ".join(p.name for p in spec.parameters) or "(none)"
        raise UserInputError(
            f"unknown parameter '{next(iter(overrides))}' for lab {spec.id}; "
            f"its parameters are: {names}."
        )
    return values


def _generate(param: Parameter, rng: random.Random, free_port: Callable[[], int] | None) -> Any:
    gen = param.generator
    assert gen is not None
    match gen.kind:
        case "word":
            return f"{gen.prefix}{rng.choice(WORDS)}{gen.suffix}"
        case "int":
            return rng.randint(gen.min, gen.max)
        case "choice":
            return rng.choice(gen.choices)
        case "hex":
            return "".join(rng.choice("0123456789abcdef") for _ in range(gen.length))
        case "port":
            if free_port is None:
                # Deterministic placeholder for offline rendering and validation.
                return rng.randint(20000, 29999)
            return free_port()
    raise AssertionError(gen)


def _coerce(param: Parameter, value: ParamValue) -> ParamValue:
    from labctl.errors import UserInputError

    try:
        if param.type == "int":
            return int(value)
        if param.type == "bool":
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in ("1", "true", "yes", "on"):
                return True
            if text in ("0", "false", "no", "off"):
                return False
            raise ValueError(text)
        return str(value)
    except ValueError as exc:
        raise UserInputError(
            f"parameter '{param.name}' must be an {param.type}, got {value!r}."
        ) from exc
