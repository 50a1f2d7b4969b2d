"""Where things live: built-in labs and templates, the user's data dir, env workdirs.

Built-in `labs/`, `roadmaps/`, `templates/` and `terraform/` ship inside the wheel under
`labctl/_data/`; in a source checkout (editable install) they are the
top-level folders of the repository.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent.parent

ENV_DATA_DIR = "LABCTL_HOME"
ENV_STATE_DB = "LABCTL_STATE_DB"
ENV_LABS_PATH = "LABCTL_LABS_PATH"
ENV_ROADMAPS_PATH = "LABCTL_ROADMAPS_PATH"
ENV_WORKDIR = "LABCTL_WORKDIR"


def resource_dir(name: str) -> Path:
    """A shipped resource folder: 'labs', 'roadmaps', 'templates' or 'terraform'."""
    installed = PACKAGE_DIR / "_data" / name
    if installed.is_dir():
        return installed
    return REPO_ROOT / name


def builtin_labs_dir() -> Path:
    return resource_dir("labs")


def builtin_roadmaps_dir() -> Path:
    return resource_dir("roadmaps")


def shared_templates_dir() -> Path:
    return resource_dir("templates")


def terraform_modules_dir() -> Path:
    return resource_dir("terraform")


def data_dir() -> Path:
    """labctl's own data: state database, env workdirs, caches.

    `LABCTL_HOME` overrides; otherwise `$XDG_DATA_HOME/labctl` or ~/.local/share/labctl.
    """
    override = os.environ.get(ENV_DATA_DIR)
    if override:
        return Path(override).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share"
    return base / "labctl"


def state_db_path() -> Path:
    override = os.environ.get(ENV_STATE_DB)
    return Path(override).expanduser() if override else data_dir() / "state.db"


def envs_dir() -> Path:
    override = os.environ.get(ENV_WORKDIR)
    return Path(override).expanduser() if override else data_dir() / "envs"


def cache_dir() -> Path:
    return data_dir() / "cache"


def labs_search_path(extra: list[Path] | None = None) -> list[Path]:
    """Lab folders to search, highest priority first.

    `--labs-path` entries, then `LABCTL_LABS_PATH` (os.pathsep separated), then
    the built-in labs. An instructor's lab wins over a built-in one with the
    same id because it comes first.
    """
    paths: list[Path] = list(extra or [])
    env_value = os.environ.get(ENV_LABS_PATH, "")
    paths += [Path(p).expanduser() for p in env_value.split(os.pathsep) if p]
    paths.append(builtin_labs_dir())
    return paths


def roadmaps_search_path(extra: list[Path] | None = None) -> list[Path]:
    """Roadmap folders (or files) to search, highest priority first: `--roadmaps-path`
    entries, then `LABCTL_ROADMAPS_PATH` (os.pathsep separated), then the built-in roadmaps,
    the same order as labs (a course's roadmap wins over a built-in one with the same id)."""
    paths: list[Path] = list(extra or [])
    env_value = os.environ.get(ENV_ROADMAPS_PATH, "")
    paths += [Path(p).expanduser() for p in env_value.split(os.pathsep) if p]
    paths.append(builtin_roadmaps_dir())
    return paths
