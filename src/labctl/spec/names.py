"""The one rule for the names labctl turns into things on shared engines.

Lab ids, env names and class names become parts of compose project, network,
container and kind cluster names, and of directories under the labctl home.
So they share one DNS-label-like alphabet: lowercase letters and digits, with
single dashes between them. No dots, slashes, spaces, underscores, capitals or
double dashes: `..` can never climb out of a folder, two names that differ
only in case or punctuation cannot both exist, and `--` stays free as the
separator between a lab id and an env name (see labctl.env.naming).
"""

from __future__ import annotations

import re

from labctl.errors import UserInputError

#: letters/digits, single inner dashes (no lookarounds: pydantic's regex engine has none)
NAME_RE = r"[a-z0-9]+(?:-[a-z0-9]+)*"
ID_PATTERN = rf"^{NAME_RE}$"
ID_MAX = 40
ENV_MAX = 40
CLASS_MAX = 24

_NAME = re.compile(NAME_RE)

RULE = ("lowercase letters (a-z) and digits, with single dashes between them (no dashes at the "
        "start or end, no '--'), at most {max} characters")


def name_problem(value: str, max_length: int) -> str | None:
    """Why `value` is not a valid name, or None."""
    if not value:
        return "it is empty"
    if len(value) > max_length:
        return f"it has {len(value)} characters"
    if not _NAME.fullmatch(value):  # fullmatch: `$` would accept a trailing newline
        return "it contains characters or dashes the rule does not allow"
    return None


def check_name(value: str, what: str, max_length: int, *, option: str | None = None,
               example: str = "dev-2") -> str:
    """Return `value` if it follows the rule, else raise a UserInputError that spells it out."""
    problem = name_problem(value, max_length)
    if problem is None:
        return value
    shown = value if len(value) <= 60 else value[:57] + "..."
    where = f" ({option})" if option else ""
    raise UserInputError(
        f"{what} {shown!r}{where} is not allowed: {problem}. Use {RULE.format(max=max_length)}, "
        f"e.g. '{example}'."
    )


def check_env_name(value: str, *, option: str | None = "--env") -> str:
    return check_name(value, "env name", ENV_MAX, option=option, example="dev-2")


def check_class_name(value: str) -> str:
    return check_name(value, "class name", CLASS_MAX, example="cs101-mon")


#: the env a learner gets when they name none
DEFAULT_ENV = "default"


def env_flag(env: str) -> str:
    """How a command line names this env: nothing for the default one."""
    return "" if env == DEFAULT_ENV else f" --env {env}"
