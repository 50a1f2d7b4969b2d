"""`--aws` modes and the connection an env records: pure logic, no network."""

from __future__ import annotations

from pathlib import Path

import pytest

from labctl.aws.modes import (
    AwsConnection,
    AwsMode,
    connection_for,
    env_account_id,
    parse_mode,
    profile_region,
)
from labctl.errors import UserInputError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (None, AwsMode("emulator")),
        ("emulator", AwsMode("emulator")),
        ("localstack", AwsMode("localstack")),
        ("profile:training", AwsMode("profile", "training")),
        (" profile:ops ", AwsMode("profile", "ops")),
    ],
)
def test_parse_mode(text: str | None, expected: AwsMode) -> None:
    assert parse_mode(text) == expected
    assert parse_mode(str(expected)) == expected


@pytest.mark.parametrize("text", ["aws", "profile:", "profile", "moto", "Emulator"])
def test_unknown_mode_lists_the_choices(text: str) -> None:
    with pytest.raises(UserInputError) as err:
        parse_mode(text)
    assert "emulator, localstack, profile:NAME" in err.value.message


def test_only_real_aws_costs_money_and_only_the_emulator_is_owned() -> None:
    assert parse_mode("profile:x").costs_money and not parse_mode("localstack").costs_money
    assert parse_mode("emulator").owns_emulator and not parse_mode("localstack").owns_emulator


def test_env_account_ids_are_stable_twelve_digit_and_distinct() -> None:
    a, b = env_account_id("lab", "alice"), env_account_id("lab", "bob")
    assert a == env_account_id("lab", "alice") and a != b
    assert all(len(x) == 12 and x.isdigit() for x in (a, b))


def test_emulator_connection_env_vars_point_everything_at_the_endpoint() -> None:
    conn = connection_for(parse_mode("emulator"), lab="l", env="e", endpoint="http://127.0.0.1:4999")
    assert conn.env_vars() == {
        "AWS_DEFAULT_REGION": "us-east-1", "AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test", "AWS_ENDPOINT_URL": "http://127.0.0.1:4999",
    }


def test_localstack_connection_uses_a_per_env_account(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LABCTL_LOCALSTACK_URL", "http://ls.example:4566/")
    a = connection_for(parse_mode("localstack"), lab="l", env="a")
    b = connection_for(parse_mode("localstack"), lab="l", env="b")
    assert a.endpoint == "http://ls.example:4566"
    assert a.access_key == a.account_id != b.account_id


def test_region_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LABCTL_AWS_REGION", "eu-west-3")
    assert connection_for(parse_mode("emulator"), lab="l", env="e").region == "eu-west-3"


def test_profile_connection_carries_no_keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config"
    config.write_text("[profile training]\nregion = eu-central-1\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    conn = connection_for(parse_mode("profile:training"), lab="l", env="e")
    assert conn.region == "eu-central-1" and conn.endpoint == "" and conn.access_key == ""
    assert conn.env_vars() == {"AWS_DEFAULT_REGION": "eu-central-1", "AWS_REGION": "eu-central-1",
                               "AWS_PROFILE": "training"}


def test_unknown_profile_is_a_clear_user_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    with pytest.raises(UserInputError) as err:
        profile_region("nope")
    assert "profile 'nope'" in err.value.message and "aws configure" in str(err.value)


def test_connection_round_trips_through_state_and_workdir(tmp_path: Path) -> None:
    conn = AwsConnection(mode="emulator", region="us-east-1", endpoint="http://127.0.0.1:1", pid=7, port=1)
    assert AwsConnection.from_data(conn.to_data()) == conn
    conn.save(tmp_path)
    assert AwsConnection.load(tmp_path) == conn
    assert AwsConnection.from_data({"endpoint": "x"}) is None  # validate's placeholder has no mode
    assert AwsConnection.load(tmp_path / "missing") is None


def test_session_clients_default_to_the_endpoint_with_path_style_s3() -> None:
    conn = AwsConnection(mode="emulator", region="us-east-1", endpoint="http://127.0.0.1:4999",
                         access_key="test", secret_key="test")
    s3 = conn.session().client("s3")
    assert s3.meta.endpoint_url == "http://127.0.0.1:4999"
    assert s3.meta.config.s3["addressing_style"] == "path"
    assert conn.session().client("sqs", endpoint_url="http://other:1").meta.endpoint_url == "http://other:1"
    assert conn.session().get_credentials().access_key == "test"
    assert conn.resource("s3").meta.client.meta.endpoint_url == "http://127.0.0.1:4999"
