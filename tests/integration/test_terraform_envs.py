"""Emulator ownership across envs, on real terraform and real moto servers: two envs side
by side, `labctl up` killed mid-apply, lost state and pidfiles, the workdir watchdog,
`doctor`'s orphan report, the localstack mode's destroy, and `validate` with terraform.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from labctl.aws import emulator, procs
from labctl.aws.modes import AwsConnection
from labctl.backends.terraform import STATE_FILE, state_resource_count
from labctl.cli.app import run
from labctl.core import lifecycle
from labctl.core.doctor import run_doctor
from labctl.core.environment import EnvOptions, workdir_for
from labctl.core.validate import validate_lab
from labctl.errors import SpecError
from labctl.spec.loader import load_lab_dir
from labctl.state import Store
from labctl.testing import LabEnv

pytestmark = [pytest.mark.terraform, pytest.mark.slow]

FIXTURE_LABS = Path(__file__).resolve().parents[1] / "fixtures" / "labs"


def conn_of(lab: LabEnv) -> AwsConnection:
    conn = AwsConnection.from_data(lab.record.data.aws)
    assert conn is not None
    return conn


def terraform_procs(workdir: Path) -> list[procs.Proc]:
    return [p for p in procs.processes() if p.exe_name.startswith("terraform") and procs.inside(p.cwd, workdir)]


def wait_for(predicate: object, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"timed out after {timeout:.0f}s waiting for {what}"
        time.sleep(0.2)


def test_two_envs_side_by_side_do_not_see_each_others_resources() -> None:
    with LabEnv("aws-learner", labs_path=FIXTURE_LABS, params={"queue": "jobs-shared"}) as a, \
            LabEnv("aws-learner", labs_path=FIXTURE_LABS, params={"queue": "jobs-shared"}) as b:
        ca, cb = conn_of(a), conn_of(b)
        assert ca.endpoint != cb.endpoint and ca.pid != cb.pid
        # the learner of env a applies their own Terraform with the env's exports
        (result,) = a.solve("queue")
        assert result.ran, result.output
        assert a.grade().passed
        report_b = b.grade()
        assert report_b.task("queue").feedback == ["queue jobs-shared should exist; queues: none"]
        cb.client("s3").create_bucket(Bucket="only-in-b")
        assert ca.client("s3").list_buckets()["Buckets"] == []
        pids = [ca.pid, cb.pid]
    assert not any(procs.alive(p) for p in pids if p is not None)


def test_labctl_killed_mid_apply_then_down_cleans_everything(tmp_path: Path) -> None:
    env = "killed"
    workdir = workdir_for("aws-basic", env)
    log = (tmp_path / "up.log").open("wb")
    up = subprocess.Popen(
        [sys.executable, "-m", "labctl", "--labs-path", str(FIXTURE_LABS), "up", "aws-basic", "--env", env],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        wait_for(lambda: any("apply" in p.argv for p in terraform_procs(workdir)) or up.poll() is not None,
                 300, "terraform apply to start")
        assert up.poll() is None, (tmp_path / "up.log").read_text()
        up.send_signal(signal.SIGKILL)
        up.wait(timeout=30)
        # what labctl left behind: a terraform still applying and the emulator
        assert any("apply" in p.argv for p in terraform_procs(workdir))
        assert emulator.find(workdir)
        record = Store().get_env("aws-basic", env)
        assert record is not None and record.status == "creating"
    finally:
        if up.poll() is None:
            up.kill()
        log.close()
        assert run(["--labs-path", str(FIXTURE_LABS), "down", "aws-basic", "--env", env]) == 0
    assert emulator.find(workdir) == [] and terraform_procs(workdir) == []
    assert not workdir.exists() and Store().get_env("aws-basic", env) is None


def test_down_and_doctor_find_an_emulator_whose_state_and_pidfile_were_lost() -> None:
    lab = load_lab_dir(FIXTURE_LABS / "aws-learner")
    store = Store()
    record = lifecycle.up(store, lab, "lost").record
    workdir = record.workdir_path
    pid = record.data.aws["pid"]
    store.delete_env(lab.id, "lost")
    (workdir / "aws" / emulator.PIDFILE).unlink()
    try:
        findings = run_doctor([FIXTURE_LABS])["findings"]
        assert any(f"pid {pid}" in f and "`labctl down aws-learner --env lost`" in f for f in findings), findings
    finally:
        assert lifecycle.down(store, lab, "lost") is False  # state knew nothing ...
    assert not procs.alive(pid) and not workdir.exists()  # ... and still nothing is left


def test_the_emulator_exits_when_its_workdir_is_removed(tmp_path: Path) -> None:
    workdir = tmp_path / "envs" / "gone"
    info = emulator.start(workdir)
    assert emulator.health(info)
    shutil.rmtree(workdir)
    wait_for(lambda: not procs.alive(info.pid), 15, "the emulator's watchdog")


@pytest.fixture
def stand_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[emulator.EmulatorInfo]:
    """An AWS endpoint labctl does not own, in LocalStack's place (no image can be pulled here)."""
    info = emulator.start(tmp_path / "localstack")
    monkeypatch.setenv("LABCTL_LOCALSTACK_URL", info.endpoint)
    yield info
    emulator.stop(tmp_path / "localstack")


def test_localstack_mode_applies_there_and_down_destroys_every_stack(stand_in: emulator.EmulatorInfo) -> None:
    lab = load_lab_dir(FIXTURE_LABS / "aws-tiny")
    store = Store()
    record = lifecycle.up(store, lab, "shared", EnvOptions(aws="localstack")).record
    try:
        conn = AwsConnection.from_data(record.data.aws)
        assert conn is not None and conn.mode == "localstack" and conn.endpoint == stand_in.endpoint
        assert conn.pid is None and emulator.find(record.workdir_path) == []
        # LocalStack takes a 12-digit access key as the account: one per env; the account id
        # recorded is what the endpoint itself reports (moto, standing in here, has just one)
        assert len(conn.access_key) == 12 and conn.access_key.isdigit() and conn.account_id == "123456789012"
        s3 = conn.client("s3")
        assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["tiny-bucket"]
        # a stack the learner applied in the workspace is removed too: shared AWS outlives the env
        LabEnv("aws-tiny", labs_path=FIXTURE_LABS, env="shared", store=store).host_run(
            "cd stack && printf 'resource \"aws_s3_bucket\" \"mine\" {\\n  bucket = \"learner-bucket\"\\n}\\n' > main.tf"
            " && terraform init -input=false -no-color >/dev/null && terraform apply -auto-approve -no-color >/dev/null"
        )
        assert state_resource_count(record.workdir_path / "workspace" / "stack" / STATE_FILE) == 1
        assert sorted(b["Name"] for b in s3.list_buckets()["Buckets"]) == ["learner-bucket", "tiny-bucket"]
    finally:
        lifecycle.down(store, lab, "shared")
    assert s3.list_buckets()["Buckets"] == []
    assert procs.alive(stand_in.pid) and emulator.health(stand_in)  # not labctl's to stop


def test_validate_runs_terraform_validate_offline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["validate", str(FIXTURE_LABS / "aws-basic")]) == 0, capsys.readouterr().err
    broken = tmp_path / "aws-basic"
    shutil.copytree(FIXTURE_LABS / "aws-basic", broken)
    main = broken / "templates" / "main.tf.j2"
    main.write_text(main.read_text().replace("module.network.subnet_ids[0]", "module.network.subnet_idz[0]"))
    with pytest.raises(SpecError) as err:
        validate_lab(load_lab_dir(broken))
    assert str(main) in err.value.message and "subnet_idz" in err.value.message
