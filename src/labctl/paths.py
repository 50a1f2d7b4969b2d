"""Where things live: built-in labs and templates, the user's data dir, env workdirs.

Built-in `labs/`, `templates/` and `terraform/` ship inside the wheel under
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
ENV_WORKDIR = "LABCTL_WORKDIR"


def resource_dir(name: str) -> Path:
    """A shipped resource folder: 'labs', 'templates' or 'terraform'."""
    installed = PACKAGE_DIR / "_data" / name
    if installed.is_dir():
        return installed
    return REPO_ROOT / name


def builtin_labs_dir() -> Path:
    return resource_dir("labs")


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
    paths: list[Path] = [_folder(p, "--labs-path") for p in extra or []]
    env_value = os.environ.get(ENV_LABS_PATH, "")
    paths += [_folder(Path(p).expanduser(), ENV_LABS_PATH) for p in env_value.split(os.pathsep) if p]
    paths.append(builtin_labs_dir())
    return paths


def _folder(path: Path, source: str) -> Path:
    """A search-path entry must be a folder that exists: a typo must not silently drop labs."""
    if not path.is_dir():
        from labctl.errors import UserInputError

        what = "is a file, not a folder" if path.exists() else "does not exist"
        raise UserInputError(
            f"{source} entry {str(path)!r} {what}.",
            hint="Give folders that hold lab folders (or a lab folder itself); separate several "
            f"{'with ' + repr(os.pathsep) + ' ' if source == ENV_LABS_PATH else 'by repeating the option '}"
            "and fix or drop this one.",
        )
    return path
