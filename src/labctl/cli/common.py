"""Shared CLI plumbing: global settings, lab lookup, the state store, option types."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from labctl.spec.loader import Lab
    from labctl.state import Store


class Settings:
    debug: bool = False
    labs_path: list[Path] = []
    roadmaps_path: list[Path] = []


class OutputFormat(str, Enum):
    table = "table"
    json = "json"


FormatOpt = Annotated[
    OutputFormat, typer.Option("--format", "-f", help="Output format: table for people, json for scripts.")
]
def _env_name(value: str | None) -> str | None:
    """--env follows the one name rule (labctl.spec.names): checked before anything runs."""
    if value is not None:
        from labctl.spec.names import check_env_name

        check_env_name(value)
    return value


EnvOpt = Annotated[str, typer.Option(
    "--env", "-e", callback=_env_name,
    help="Environment name: lowercase letters, digits and single dashes, up to 40 characters "
    "(several envs of one lab can coexist).")]
LabArg = Annotated[str, typer.Argument(help="Lab id (see `labctl list`) or path to a lab folder.")]


def search_path() -> list[Path]:
    from labctl import paths

    return paths.labs_search_path(Settings.labs_path)


def roadmap_search_path() -> list[Path]:
    from labctl import paths

    return paths.roadmaps_search_path(Settings.roadmaps_path)


def load_lab(lab_id: str) -> Lab:
    from labctl.spec.loader import find_lab

    return find_lab(lab_id, search_path())


def load_env_lab(lab_id: str, env: str | None = None) -> Lab:
    """The lab of an env command: by id or folder on the search path, else from the folder its
    env was made from (a lab brought up by path and named by id from elsewhere)."""
    from labctl.errors import NotFoundError
    from labctl.spec.loader import SPEC_FILE, find_lab

    try:
        return find_lab(lab_id, search_path())
    except NotFoundError:
        records = store().list_envs(lab_id)
        records.sort(key=lambda r: r.name != env)  # this env's own folder first
        for folder in dict.fromkeys(r.data.labs_dir for r in records if r.data.labs_dir):
            if (Path(folder) / SPEC_FILE).is_file():
                return find_lab(folder)
        raise


_store: Store | None = None


def store() -> Store:
    global _store
    if _store is None:
        from labctl.state import Store

        _store = Store()
    return _store
