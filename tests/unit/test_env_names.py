"""Env names follow one rule, checked at the CLI and in the library, and map to distinct names."""

from __future__ import annotations

from pathlib import Path

import pytest

from labctl.core.environment import workdir_for
from labctl.env.naming import cluster_name, legacy_project_name, project_name
from labctl.errors import UserInputError
from labctl.spec.names import ENV_MAX, check_env_name
from support import cli

BAD = [
    "..", ".", "x/../../..", "/", "a/b", "a b", " a", "a\n", "héllo", "ünï", "x" * 300, "x" * (ENV_MAX + 1),
    "Web", "DEFAULT", "web_1", "web.1", "a--b", "-a", "a-", "", "a:b", "$(id)", "a;b", "*",
]
GOOD = ["default", "a", "dev-2", "x" * ENV_MAX, "0", "a-b-c"]


@pytest.mark.parametrize("name", BAD)
def test_bad_names_are_refused_by_the_library(name: str) -> None:
    with pytest.raises(UserInputError, match=r"env name .* is not allowed"):
        check_env_name(name)
    with pytest.raises(UserInputError):
        workdir_for("basic", name)


@pytest.mark.parametrize("name", GOOD)
def test_good_names_pass(name: str) -> None:
    assert check_env_name(name) == name


@pytest.mark.parametrize("name", ["..", "x/../../..", "a b", "héllo", "x" * 300, "Web", "web_1", "a--b"])
@pytest.mark.parametrize("verb", ["up", "down", "grade", "status-free"])
def test_bad_names_are_exit_2_at_the_cli(name: str, verb: str, capsys: pytest.CaptureFixture[str],
                                         fixture_labs: Path, labctl_home: Path) -> None:
    args = ["up", "basic", "--env", name] if verb == "status-free" else [verb, "basic", "--env", name]
    code, out, err = cli(args, capsys, fixture_labs)
    assert code == 2, (code, out, err)
    assert "env name" in err and "lowercase letters" in err and "Traceback" not in err
    assert not (labctl_home / "envs" / "basic").exists() or not any((labctl_home / "envs" / "basic").iterdir())


def test_names_that_differ_only_in_case_or_punctuation_cannot_both_exist() -> None:
    check_env_name("web-1")
    for twin in ("Web-1", "web_1", "web.1", "web--1", "WEB-1"):
        with pytest.raises(UserInputError):
            check_env_name(twin)


def test_different_names_never_share_a_project_or_cluster() -> None:
    pairs = [(("a-b", "c"), ("a", "b-c")), (("ab", "c"), ("a", "bc")), (("lab", "x"), ("lab", "x-"))]
    for (lab1, env1), (lab2, env2) in pairs:
        assert project_name("0123abcd", lab1, env1) != project_name("0123abcd", lab2, env2)
    assert project_name("0123abcd", "lab", "default") != project_name("89abcdef", "lab", "default")
    long_a, long_b = project_name("0123abcd", "phase3-k8s", "e" * 40), project_name("0123abcd", "phase3-k8s", "e" * 39)
    assert cluster_name(long_a) != cluster_name(long_b) and len(cluster_name(long_a)) <= 49
    assert legacy_project_name("phase1", "default") == "labctl-phase1-default"
