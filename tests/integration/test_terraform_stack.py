"""A terraform lab end to end on real terraform, the AWS provider from the mirror and a
real moto server: apply of the scene stack (S3 with versioning and a bucket policy, an
IAM policy, VPC/subnet/security group, an EC2 instance), grading with the aws and tf
fixtures, the learner's own Terraform, drift, an invalid .tf, destroy and down.

One env serves the whole module (apply is the slow part); tests run in file order.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from labctl.aws import emulator, procs
from labctl.aws.modes import AwsConnection
from labctl.backends.terraform import STATE_FILE, TerraformBackend, state_resource_count
from labctl.cli.app import run
from labctl.core.environment import context
from labctl.testing import GradeReport, LabEnv

pytestmark = [pytest.mark.terraform, pytest.mark.slow]

FIXTURE_LABS = Path(__file__).resolve().parents[1] / "fixtures" / "labs"


@pytest.fixture(scope="module")
def lab() -> Iterator[LabEnv]:
    with LabEnv("aws-basic", labs_path=FIXTURE_LABS, timeout=600) as env:
        yield env


def connection(lab: LabEnv) -> AwsConnection:
    conn = AwsConnection.from_data(lab.record.data.aws)
    assert conn is not None
    return conn


def feedback(report: GradeReport, task: str) -> list[str]:
    return list(report.task(task).feedback)


def test_up_applies_the_scene_on_the_envs_own_emulator(lab: LabEnv) -> None:
    conn = connection(lab)
    assert conn.mode == "emulator" and conn.endpoint.startswith("http://127.0.0.1:")
    assert conn.pid is not None and procs.alive(conn.pid)
    assert [e.pid for e in emulator.find(lab.workdir)] == [conn.pid]
    outputs = lab.record.data.tf_outputs
    assert set(outputs) == {"vpc_id", "subnet_id", "bucket", "policy_arn", "security_group_id", "instance_id"}
    assert outputs["bucket"] == lab.params["bucket"]
    assert state_resource_count(lab.workdir / "terraform" / STATE_FILE) == 8
    rows = {r.kind: r for r in TerraformBackend(context(lab.lab, lab.record)).status()}
    assert rows["aws-emulator"].healthy and rows["terraform-stack"].healthy
    assert rows["terraform-stack"].state == "8 resources"
    # the provider came from the mirror, linked through the shared plugin cache (not copied)
    provider_dir = next((lab.workdir / "terraform" / ".terraform" / "providers").rglob("linux_*"))
    assert provider_dir.is_symlink()


def test_env_exports_point_the_learners_tools_at_the_emulator(lab: LabEnv, capsys: pytest.CaptureFixture[str]) -> None:
    code = run(["--labs-path", str(FIXTURE_LABS), "env", "aws-basic", "--env", lab.env, "--format", "json"])
    values = json.loads(capsys.readouterr().out)
    assert code == 0
    assert values["AWS_ENDPOINT_URL"] == connection(lab).endpoint
    assert values["AWS_ACCESS_KEY_ID"] == "test" and values["AWS_REGION"] == "us-east-1"
    config = Path(values["TF_CLI_CONFIG_FILE"]).read_text()
    assert "filesystem_mirror" in config and values["TF_PLUGIN_CACHE_DIR"] in config


def test_fresh_env_passes_the_scene_and_fails_the_learner_task(lab: LabEnv) -> None:
    report = lab.grade()
    scene, artifacts = report.task("scene"), report.task("artifacts")
    assert (scene.score, scene.passed) == (4, True), scene.feedback
    assert artifacts.score == 0
    assert feedback(report, "artifacts")[0].startswith(f"bucket {lab.params['artifacts_bucket']} should exist")


def test_learner_terraform_in_the_workspace_scores_full_marks(lab: LabEnv) -> None:
    (result,) = lab.solve("artifacts")
    assert result.ran, result.output
    # the learner's stack used the mirror through the env's CLI config, not the registry
    assert (lab.workspace / "infra" / "terraform.tfstate").is_file()
    report = lab.grade()
    assert (report.score, report.max_score) == (10, 10), [t.feedback for t in report.tasks]


def test_drift_fails_the_plan_check_and_names_the_change(lab: LabEnv) -> None:
    s3 = connection(lab).client("s3")
    bucket = lab.params["artifacts_bucket"]
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Suspended"})
    try:
        report = lab.grade(task="artifacts")
        messages = feedback(report, "artifacts")
        assert any("should have versioning Enabled; it is Suspended" in m for m in messages), messages
        assert any("should show no changes, it plans: aws_s3_bucket_versioning.artifacts" in m for m in messages), messages
    finally:
        s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})


def test_invalid_learner_tf_is_feedback_with_terraforms_error_text(lab: LabEnv) -> None:
    bad = lab.workspace / "infra" / "extra.tf"
    bad.write_text('resource "aws_s3_bucket" "extra" {\n  bucket = "extra"\n  bogus  = 1\n}\n')
    try:
        report = lab.grade(task="artifacts")
    finally:
        bad.unlink()
    messages = feedback(report, "artifacts")
    assert messages == [
        'terraform plan failed in workspace/infra: Error: Unsupported argument (extra.tf line 3): '
        'An argument named "bogus" is not expected here.'
    ], messages
    check = next(c for c in report.task("artifacts").checks if c.name == "test_infra_applied_and_converged")
    assert check.outcome == "failed"  # a failed check, not a crashed one


def test_terraform_destroy_removes_the_stack_then_down_stops_the_emulator(lab: LabEnv) -> None:
    backend = TerraformBackend(context(lab.lab, lab.record))
    backend.cli().destroy()
    assert state_resource_count(lab.workdir / "terraform" / STATE_FILE) == 0
    conn = connection(lab)
    buckets = [b["Name"] for b in conn.client("s3").list_buckets()["Buckets"]]
    assert buckets == [lab.params["artifacts_bucket"]]  # the learner's bucket is not labctl's stack
    ec2 = conn.client("ec2")
    states = [i["State"]["Name"] for r in ec2.describe_instances()["Reservations"] for i in r["Instances"]]
    assert set(states) <= {"terminated"}
    assert conn.client("iam").list_policies(Scope="Local")["Policies"] == []

    workdir, pid = lab.workdir, conn.pid
    assert pid is not None
    lab.down()
    assert not procs.alive(pid) and emulator.find(workdir) == []
    assert not workdir.exists()
    assert not [p for p in procs.processes() if p.exe_name.startswith("terraform") and procs.inside(p.cwd, workdir)]
    assert lab.store.get_env("aws-basic", lab.env) is None
    assert os.environ["LABCTL_HOME"] in str(workdir)
