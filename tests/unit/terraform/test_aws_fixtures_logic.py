"""The aws/tf grading fixtures' own logic: where stacks are, and learner-facing problems."""

from __future__ import annotations

from pathlib import Path

import pytest

from labctl.grading.context import GradingContext
from labctl.grading.fixtures_aws import Tf, aws_for
from labctl.grading.messages import CheckProblem


def _ctx(tmp_path: Path, data: dict[str, object] | None = None) -> GradingContext:
    return GradingContext(lab="aws-basic", lab_path=str(tmp_path), env="default", project="p",
                          workdir=str(tmp_path / "env"), workspace=str(tmp_path / "env" / "workspace"),
                          tasks=[], data=dict(data or {}),
                          env_vars={"TF_CLI_CONFIG_FILE": str(tmp_path / "env" / "terraform.rc")})


def test_stack_dirs(tmp_path: Path) -> None:
    tf = Tf(_ctx(tmp_path))
    assert tf.path() == tmp_path / "env" / "terraform"
    assert tf.path("infra") == tmp_path / "env" / "workspace" / "infra"
    assert tf.path("/abs") == Path("/abs")
    assert tf.env["TF_CLI_CONFIG_FILE"].endswith("terraform.rc") and tf.env["TF_IN_AUTOMATION"] == "1"


def test_a_missing_or_empty_stack_dir_is_a_learner_facing_problem(tmp_path: Path) -> None:
    tf = Tf(_ctx(tmp_path))
    with pytest.raises(CheckProblem, match=r"^workspace/infra does not exist"):
        tf.outputs("infra")
    (tmp_path / "env" / "workspace" / "infra").mkdir(parents=True)
    with pytest.raises(CheckProblem, match=r"^workspace/infra has no \.tf files yet"):
        tf.plan_is_clean("infra")


def test_aws_needs_the_envs_connection(tmp_path: Path) -> None:
    with pytest.raises(CheckProblem, match="has no AWS to check"):
        aws_for(_ctx(tmp_path))
    aws = aws_for(_ctx(tmp_path, {"aws": {"mode": "emulator", "region": "eu-west-1", "endpoint": "http://127.0.0.1:9",
                                          "access_key": "test", "secret_key": "test", "account_id": "123456789012"}}))
    assert (aws.endpoint, aws.region, aws.account_id, aws.mode) == ("http://127.0.0.1:9", "eu-west-1", "123456789012",
                                                                    "emulator")
    assert aws.client("s3") is aws.client("s3")
    assert aws.client("s3").meta.endpoint_url == "http://127.0.0.1:9"
    assert aws.session.region_name == "eu-west-1"


def test_the_scene_outputs_come_from_what_up_recorded(tmp_path: Path) -> None:
    tf = Tf(_ctx(tmp_path, {"tf_outputs": {"vpc_id": "vpc-1"}}))
    outputs = tf.outputs()
    assert outputs == {"vpc_id": "vpc-1"}
    outputs["vpc_id"] = "changed by a check"
    assert tf.outputs() == {"vpc_id": "vpc-1"}
