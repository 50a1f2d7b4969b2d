"""Rendering a terraform lab: stack templates, copied modules, the provider override."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from labctl.backends.terraform import PROVIDER_FILE, TerraformBackend
from labctl.core.validate import placeholder_context
from labctl.errors import SpecError
from labctl.spec.loader import Lab, load_lab_dir

#: the services the provider override must point at the emulator
SERVICES = ("s3", "ec2", "iam", "sts", "dynamodb", "sns", "sqs", "lambda", "cloudwatch", "logs", "kms",
            "secretsmanager", "ssm", "elbv2", "autoscaling")


@pytest.fixture
def lab(fixture_labs: Path) -> Lab:
    return load_lab_dir(fixture_labs / "aws-basic")


def _backend(lab: Lab, workdir: Path, aws: dict[str, object] | None = None) -> TerraformBackend:
    ctx = placeholder_context(lab, workdir)
    if aws is not None:
        ctx.record.data.aws = dict(aws)
    return TerraformBackend(ctx)


def test_render_writes_stack_modules_and_provider(lab: Lab, tmp_path: Path) -> None:
    written = _backend(lab, tmp_path).render()
    stack = tmp_path / "terraform"
    names = {p.relative_to(stack).as_posix() for p in written}
    assert {"main.tf", PROVIDER_FILE, "modules/vpc/main.tf", "modules/s3-bucket/main.tf"} <= names
    assert 'bucket        = "labctl-logs"' in (stack / "main.tf").read_text()


def test_provider_points_every_lab_service_at_the_emulator(lab: Lab, tmp_path: Path) -> None:
    _backend(lab, tmp_path).render()
    text = (tmp_path / "terraform" / PROVIDER_FILE).read_text()
    for service in SERVICES:
        assert f'    {service:<14} = "http://127.0.0.1:5000"' in text, service
    for setting in ("skip_credentials_validation = true", "skip_requesting_account_id  = true",
                    "s3_use_path_style           = true", 'access_key = "test"', 'source = "hashicorp/aws"'):
        assert setting in text


def test_real_aws_provider_uses_the_profile_and_tags_everything(lab: Lab, tmp_path: Path) -> None:
    aws = {"mode": "profile:training", "region": "eu-west-1", "profile": "training", "endpoint": ""}
    _backend(lab, tmp_path, aws).render()
    text = (tmp_path / "terraform" / PROVIDER_FILE).read_text()
    assert 'profile = "training"' in text and '"labctl-lab" = "aws-basic"' in text
    assert "endpoints" not in text and "access_key" not in text and "cost money" in text


def test_rerender_removes_stale_files_but_keeps_state(lab: Lab, tmp_path: Path) -> None:
    backend = _backend(lab, tmp_path)
    stack = tmp_path / "terraform"
    stack.mkdir(parents=True)
    (stack / "old.tf").write_text("# gone")
    (stack / "terraform.tfstate").write_text("{}")
    (stack / "modules" / "stale").mkdir(parents=True)
    backend.render()
    assert not (stack / "old.tf").exists() and (stack / "terraform.tfstate").exists()
    assert not (stack / "modules" / "stale").exists()


def test_a_template_with_its_own_aws_provider_is_refused(lab: Lab, tmp_path: Path) -> None:
    own = tmp_path / "aws-basic"
    shutil.copytree(lab.path, own)
    main = own / "templates" / "main.tf.j2"
    main.write_text('provider "aws" {\n  region = "us-east-1"\n}\n' + main.read_text())
    with pytest.raises(SpecError) as err:
        _backend(load_lab_dir(own), tmp_path / "work").render()
    assert "main.tf.j2" in err.value.message and "labctl_provider.tf" in err.value.message


def test_unknown_module_lists_the_available_ones(lab: Lab, tmp_path: Path) -> None:
    own = tmp_path / "aws-basic"
    shutil.copytree(lab.path, own)
    spec = own / "lab.yaml"
    spec.write_text(spec.read_text().replace("modules: [vpc, s3-bucket]", "modules: [vcp]"))
    with pytest.raises(SpecError) as err:
        _backend(load_lab_dir(own), tmp_path / "work").render()
    assert "module 'vcp' not found" in err.value.message and "vpc" in err.value.message


def test_a_labs_own_module_wins_over_the_shared_one(lab: Lab, tmp_path: Path) -> None:
    own = tmp_path / "aws-basic"
    shutil.copytree(lab.path, own)
    (own / "terraform" / "vpc").mkdir(parents=True)
    (own / "terraform" / "vpc" / "main.tf").write_text("# the lab's own vpc\n")
    _backend(load_lab_dir(own), tmp_path / "work").render()
    assert (tmp_path / "work" / "terraform" / "modules" / "vpc" / "main.tf").read_text() == "# the lab's own vpc\n"


def test_env_vars_for_the_learner(lab: Lab, tmp_path: Path) -> None:
    backend = _backend(lab, tmp_path, {"mode": "emulator", "region": "us-east-1", "endpoint": "http://127.0.0.1:5",
                                       "access_key": "test", "secret_key": "test"})
    env = backend.env_vars()
    assert env["AWS_ENDPOINT_URL"] == "http://127.0.0.1:5" and env["AWS_REGION"] == env["AWS_DEFAULT_REGION"]
    assert env["TF_CLI_CONFIG_FILE"] == str(tmp_path / "terraform.rc") and "TF_PLUGIN_CACHE_DIR" in env
    assert backend.targets() == {"aws": "http://127.0.0.1:5"}


def test_stacks_destroyed_on_shared_aws_are_labctls_and_the_learners_with_resources(lab: Lab, tmp_path: Path) -> None:
    backend = _backend(lab, tmp_path)
    one = '{"resources": [{"mode": "managed", "instances": [{}]}]}'
    for rel, text in (("terraform", one), ("workspace/net", one), ("workspace/empty", '{"resources": []}'),
                      ("workspace/net/.terraform/cache", one)):
        (tmp_path / rel).mkdir(parents=True, exist_ok=True)
        (tmp_path / rel / "terraform.tfstate").write_text(text)
    assert backend._stacks_with_resources() == [tmp_path / "terraform", tmp_path / "workspace" / "net"]
