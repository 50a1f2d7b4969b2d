"""`labctl up --aws ...` and a terraform lab on a machine without terraform: clear errors, nothing made."""

from __future__ import annotations

from pathlib import Path

import pytest

from labctl.cli.app import run
from labctl.state import Store


def test_terraform_missing_is_a_clear_error_naming_the_tool(
    fixture_labs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no terraform (and nothing else) on PATH
    code = run(["--labs-path", str(fixture_labs), "up", "aws-tiny", "--env", "no-tf"])
    err = capsys.readouterr().err
    assert code == 1, err
    assert "'terraform' is not installed" in err and "Install Terraform >= 1.5" in err
    assert "Traceback" not in err
    assert Store().get_env("aws-tiny", "no-tf") is None


def test_unknown_aws_mode_is_exit_2(fixture_labs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = run(["--labs-path", str(fixture_labs), "up", "aws-tiny", "--aws", "cloud"])
    err = capsys.readouterr().err
    assert code == 2 and "--aws 'cloud' unknown; choose from: emulator, localstack, profile:NAME" in err


def test_unknown_profile_fails_before_anything_is_made(
    fixture_labs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    code = run(["--labs-path", str(fixture_labs), "up", "aws-tiny", "--env", "real", "--aws", "profile:ghost"])
    err = capsys.readouterr().err
    assert code == 2 and "AWS profile 'ghost' is not in your AWS config" in err
    assert Store().get_env("aws-tiny", "real") is None


def test_real_aws_gets_a_loud_warning(
    fixture_labs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from labctl.cli import env_cmds

    config = tmp_path / "config"
    config.write_text("[profile training]\nregion = eu-west-1\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    assert env_cmds._aws_mode("profile:training") == "profile:training"
    err = capsys.readouterr().err
    assert "WARNING" in err and "COST MONEY" in err and "profile 'training'" in err
    assert env_cmds._aws_mode("localstack") == "localstack" and capsys.readouterr().err == ""


def test_an_env_keeps_its_aws(fixture_labs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from labctl.env.record import EnvRecord, EnvStatus

    store = Store()
    store.save_env(EnvRecord(lab="aws-tiny", name="keeps", status=EnvStatus.UP, seed="s", workdir="/nonexistent"))
    try:
        code = run(["--labs-path", str(fixture_labs), "up", "aws-tiny", "--env", "keeps", "--aws", "localstack"])
        err = capsys.readouterr().err
        assert code == 2 and "already uses --aws emulator" in err and "labctl down aws-tiny --env keeps" in err
    finally:
        store.delete_env("aws-tiny", "keeps")
