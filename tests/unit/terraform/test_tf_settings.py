"""Terraform settings: provider mirror detection, plugin cache, the CLI config file."""

from __future__ import annotations

from pathlib import Path

import pytest

from labctl.aws import tfconfig
from labctl.errors import PrerequisiteError

TARGET = tfconfig.os_arch()


def _unpacked(root: Path, provider: str = "registry.terraform.io/hashicorp/aws", version: str = "5.100.0") -> Path:
    path = root / provider / version / TARGET
    path.mkdir(parents=True)
    (path / f"terraform-provider-{provider.rsplit('/', 1)[1]}_v{version}").write_text("")
    return root


def test_detects_unpacked_and_packed_layouts_for_this_platform(tmp_path: Path) -> None:
    _unpacked(tmp_path)
    packed = tmp_path / "registry.terraform.io" / "hashicorp" / "random"
    packed.mkdir(parents=True)
    (packed / f"terraform-provider-random_3.6.0_{TARGET}.zip").write_text("")
    other = tmp_path / "registry.terraform.io" / "hashicorp" / "null" / "3.0.0" / "plan9_mips"
    other.mkdir(parents=True)
    assert tfconfig.mirrored_providers(tmp_path) == [
        "registry.terraform.io/hashicorp/aws", "registry.terraform.io/hashicorp/random",
    ]


def test_env_var_wins_and_may_name_several_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a = _unpacked(tmp_path / "a")
    b = _unpacked(tmp_path / "b", "example.com/acme/thing")
    monkeypatch.setenv(tfconfig.ENV_MIRROR, f"{a}:{b}")
    assert tfconfig.mirrors() == {a: ["registry.terraform.io/hashicorp/aws"], b: ["example.com/acme/thing"]}


def test_env_var_can_disable_mirrors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(tfconfig.ENV_MIRROR, "none")
    assert tfconfig.mirrors() == {}


def test_env_var_naming_a_missing_dir_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(tfconfig.ENV_MIRROR, str(tmp_path / "nope"))
    with pytest.raises(PrerequisiteError) as err:
        tfconfig.mirrors()
    assert tfconfig.ENV_MIRROR in err.value.message and "terraform providers mirror" in str(err.value)


def test_candidates_are_used_only_when_they_hold_providers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty, full = tmp_path / "empty", _unpacked(tmp_path / "full")
    empty.mkdir()
    monkeypatch.delenv(tfconfig.ENV_MIRROR, raising=False)
    monkeypatch.setattr(tfconfig, "MIRROR_CANDIDATES", (str(tmp_path / "missing"), str(empty), str(full)))
    assert tfconfig.mirrors() == {full: ["registry.terraform.io/hashicorp/aws"]}
    monkeypatch.setattr(tfconfig, "MIRROR_CANDIDATES", (str(empty),))
    assert tfconfig.mirrors() == {}
    assert "No provider mirror was found" in tfconfig.mirror_hint()


def test_cli_config_mirrors_exactly_what_the_mirror_holds(tmp_path: Path) -> None:
    text = tfconfig.cli_config_text({Path("/m"): ["registry.terraform.io/hashicorp/aws"]}, Path("/cache"))
    assert 'plugin_cache_dir = "/cache"' in text
    assert 'path    = "/m"' in text and 'include = ["registry.terraform.io/hashicorp/aws"]' in text
    assert 'exclude = ["registry.terraform.io/hashicorp/aws"]' in text
    assert "plugin_cache_may_break_dependency_lock_file = true" in text


def test_cli_config_without_mirrors_uses_the_registry() -> None:
    text = tfconfig.cli_config_text({}, Path("/c"))
    assert "filesystem_mirror" not in text and "direct {" in text and "exclude" not in text


def test_hcl_strings_are_escaped() -> None:
    text = tfconfig.cli_config_text({}, Path('/we"ird/${x}'))
    assert 'plugin_cache_dir = "/we\\"ird/$${x}"' in text


def test_cache_is_shared_under_the_labctl_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(tfconfig.ENV_CACHE, raising=False)
    monkeypatch.setenv("LABCTL_HOME", str(tmp_path))
    assert tfconfig.plugin_cache_dir() == tmp_path / "cache" / "terraform-plugins"
    monkeypatch.setenv(tfconfig.ENV_CACHE, str(tmp_path / "elsewhere"))
    assert tfconfig.plugin_cache_dir().is_dir()
    env = tfconfig.terraform_env(tmp_path / "env")
    assert env == {"TF_CLI_CONFIG_FILE": str(tmp_path / "env" / "terraform.rc"),
                   "TF_PLUGIN_CACHE_DIR": str(tmp_path / "elsewhere")}


def test_write_cli_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(tfconfig.ENV_MIRROR, str(_unpacked(tmp_path / "m")))
    path = tfconfig.write_cli_config(tmp_path / "env")
    assert path.name == "terraform.rc" and str(tmp_path / "m") in path.read_text()


def test_cache_lock_is_reentrant_across_uses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(tfconfig.ENV_CACHE, str(tmp_path))
    with tfconfig.cache_lock():
        pass
    with tfconfig.cache_lock():
        assert (tmp_path / tfconfig.LOCK_FILE).exists()
