"""Terraform settings: offline provider mirrors, the shared plugin cache, the CLI config file.

- **Provider mirror.** `LABCTL_TF_PLUGIN_MIRROR` (one or more dirs, os.pathsep
  separated; `none` to use only the registry) wins; otherwise every existing dir
  of `MIRROR_CANDIDATES` that holds providers is used. Each becomes a
  `filesystem_mirror` for exactly the providers it holds; everything else still
  comes from the registry (`direct`), when that can be reached.
- **Plugin cache.** One cache for every env of this labctl home
  (`LABCTL_TF_PLUGIN_CACHE`, default `<labctl cache>/terraform-plugins`): with an
  unpacked mirror, terraform links instead of copying the ~700 MB AWS provider,
  so a class of 30 does not unpack 30 providers. `init` holds a lock on it,
  because terraform's cache is not safe for concurrent installs.
- **CLI config.** Each env gets `<workdir>/terraform.rc`; `TF_CLI_CONFIG_FILE`
  points at it for labctl's own runs and for the learner (`labctl env`).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import platform
from collections.abc import Iterator
from pathlib import Path

from labctl import paths
from labctl.errors import PrerequisiteError

ENV_MIRROR = "LABCTL_TF_PLUGIN_MIRROR"
ENV_CACHE = "LABCTL_TF_PLUGIN_CACHE"
#: where provider mirrors usually live: an image's own mirror, then terraform's implied dirs
MIRROR_CANDIDATES: tuple[str, ...] = (
    "/opt/tf-plugins",
    "~/.terraform.d/plugins",
    "~/.local/share/terraform/plugins",
    "/usr/local/share/terraform/plugins",
    "/usr/share/terraform/plugins",
)
DISABLED = ("none", "off", "no", "false")
CLI_CONFIG_FILE = "terraform.rc"
LOCK_FILE = ".labctl-init.lock"


def os_arch() -> str:
    """terraform's platform name for this machine, e.g. linux_amd64."""
    machine = platform.machine().lower()
    arch = {"x86_64": "amd64", "amd64": "amd64", "aarch64": "arm64", "arm64": "arm64"}.get(machine, machine)
    return f"{platform.system().lower()}_{arch}"


def mirrored_providers(mirror: Path, target: str | None = None) -> list[str]:
    """Provider addresses (host/namespace/type) a mirror dir holds for this platform.

    Both layouts count: unpacked `HOST/NS/TYPE/VERSION/OS_ARCH/` and packed
    `HOST/NS/TYPE/terraform-provider-TYPE_VERSION_OS_ARCH.zip`.
    """
    target = target or os_arch()
    found: set[str] = set()
    for type_dir in mirror.glob("*/*/*"):
        if not type_dir.is_dir():
            continue
        unpacked = any((v / target).is_dir() for v in type_dir.iterdir() if v.is_dir())
        packed = any(type_dir.glob(f"terraform-provider-*_{target}.zip"))
        if unpacked or packed:
            found.add("/".join(type_dir.relative_to(mirror).parts))
    return sorted(found)


def mirrors() -> dict[Path, list[str]]:
    """Mirror dir -> the providers it holds, from the env var or the candidate dirs."""
    setting = os.environ.get(ENV_MIRROR)
    if setting is not None and setting.strip().lower() in DISABLED:
        return {}
    if setting:
        out: dict[Path, list[str]] = {}
        for item in filter(None, setting.split(os.pathsep)):
            path = Path(item).expanduser()
            if not path.is_dir():
                raise PrerequisiteError(
                    f"{ENV_MIRROR} names '{path}', which is not a directory.",
                    hint="Point it at a provider mirror (e.g. made by `terraform providers mirror DIR`), "
                    f"or set {ENV_MIRROR}=none to use the Terraform registry.",
                )
            out[path] = mirrored_providers(path)
        return out
    found: dict[Path, list[str]] = {}
    for candidate in MIRROR_CANDIDATES:
        path = Path(candidate).expanduser()
        if path.is_dir():
            providers = mirrored_providers(path)
            if providers:
                found[path] = providers
    return found


def plugin_cache_dir() -> Path:
    override = os.environ.get(ENV_CACHE)
    path = Path(override).expanduser() if override else paths.cache_dir() / "terraform-plugins"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _hcl(value: str) -> str:
    """An HCL string literal (JSON escapes, plus HCL's own template sequences)."""
    return json.dumps(value).replace("${", "$${").replace("%{", "%%{")


def cli_config_text(mirror_map: dict[Path, list[str]], cache: Path) -> str:
    lines = [
        "# Written by labctl: terraform CLI settings for one env (TF_CLI_CONFIG_FILE).",
        f"plugin_cache_dir = {_hcl(str(cache))}",
        "plugin_cache_may_break_dependency_lock_file = true",
        "disable_checkpoint = true",
        "",
        "provider_installation {",
    ]
    excluded: list[str] = []
    for path, providers in mirror_map.items():
        if not providers:
            continue
        lines += [
            "  filesystem_mirror {",
            f"    path    = {_hcl(str(path))}",
            f"    include = [{', '.join(_hcl(p) for p in providers)}]",
            "  }",
        ]
        excluded += providers
    lines.append("  direct {")
    if excluded:
        lines.append(f"    exclude = [{', '.join(_hcl(p) for p in sorted(set(excluded)))}]")
    lines += ["  }", "}", ""]
    return "\n".join(lines)


def write_cli_config(workdir: Path) -> Path:
    path = workdir / CLI_CONFIG_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(cli_config_text(mirrors(), plugin_cache_dir()), encoding="utf-8")
    tmp.replace(path)
    return path


def terraform_env(workdir: Path) -> dict[str, str]:
    """Variables every terraform run for this env gets (labctl's and the learner's)."""
    return {
        "TF_CLI_CONFIG_FILE": str(workdir / CLI_CONFIG_FILE),
        "TF_PLUGIN_CACHE_DIR": str(plugin_cache_dir()),
    }


@contextlib.contextmanager
def cache_lock() -> Iterator[None]:
    """Serialise `terraform init` runs that may write the shared plugin cache."""
    lock_path = plugin_cache_dir() / LOCK_FILE
    with open(lock_path, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def mirror_hint() -> str:
    found = mirrors()
    if found:
        return "Provider mirrors in use: " + ", ".join(f"{p} ({', '.join(v)})" for p, v in found.items()) + "."
    return (
        f"No provider mirror was found (looked at {ENV_MIRROR} and {', '.join(MIRROR_CANDIDATES)}); "
        "without one, terraform needs to reach registry.terraform.io. Make one on a connected machine "
        f"with `terraform providers mirror DIR` and set {ENV_MIRROR}=DIR."
    )
