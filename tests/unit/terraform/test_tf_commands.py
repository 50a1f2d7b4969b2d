"""Terraform command lines, prerequisites and error text: pure logic with a stand-in binary."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from labctl.backends.terraform import (
    TerraformBackend,
    TerraformCli,
    TerraformError,
    diagnostics,
    one_line,
    parse_plan,
    require_terraform,
    state_resource_count,
)
from labctl.errors import PrerequisiteError

INVALID = """
Error: Unsupported argument

  on main.tf line 3, in resource "aws_s3_bucket" "b":
   3:   bogus  = 1

An argument named "bogus" is not expected here.

Error: Missing required argument

  on other.tf line 1:
   1: resource "aws_vpc" "v" {}

The argument "cidr_block" is required.
"""

BOXED = """\x1b[31m╷\x1b[0m
│ Error: Reference to undeclared resource
│
│   on main.tf line 7, in output "x":
│    7:   value = aws_s3_bucket.nope.arn
│
│ A managed resource "aws_s3_bucket" "nope" has not been declared in the root module.
╵
"""


def test_terraform_missing_names_the_tool_and_how_to_get_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PrerequisiteError) as err:
        TerraformBackend.check_prerequisites()
    assert "'terraform' is not installed" in err.value.message
    assert "developer.hashicorp.com/terraform/install" in (err.value.hint or "")


def test_old_terraform_is_refused(fake_terraform: Callable[[str], Path]) -> None:
    binary = fake_terraform("1.3.9")
    with pytest.raises(PrerequisiteError) as err:
        require_terraform()
    assert "terraform 1.3.9" in err.value.message and ">= 1.5" in err.value.message and str(binary) in err.value.message


def test_recent_terraform_is_accepted(fake_terraform: Callable[[str], Path]) -> None:
    binary = fake_terraform("1.11.4")
    assert require_terraform() == str(binary)


def test_destroy_never_passes_the_removed_force_flag(fake_terraform: Callable[[str], Path], tmp_path: Path) -> None:
    binary = str(fake_terraform("1.11.4"))
    cli = TerraformCli(tmp_path, {}, log_dir=tmp_path / "logs")
    argv = cli.argv("destroy", input=False, auto_approve=True, lock_timeout="60s")
    assert argv == [binary, "destroy", "-input=false", "-auto-approve", "-lock-timeout=60s", "-no-color"]
    assert "-force" not in argv
    assert cli.argv("plan", detailed_exitcode=True, lock=False)[2:] == ["-detailed-exitcode", "-lock=false", "-no-color"]


def test_a_corrupt_learner_state_does_not_break_the_wrapper(fake_terraform: Callable[[str], Path], tmp_path: Path) -> None:
    fake_terraform("1.11.4")
    (tmp_path / "terraform.tfstate").write_text("{not json")
    assert TerraformCli(tmp_path, {}, log_dir=tmp_path).argv("output", json=True)[1:] == ["output", "-json", "-no-color"]


def test_diagnostics_keep_terraforms_error_text() -> None:
    text = diagnostics("Initializing...\nlots of noise\n" + BOXED)
    assert text.startswith("Error: Reference to undeclared resource")
    assert "╷" not in text and "\x1b" not in text and 'resource "aws_s3_bucket" "nope"' in text


def test_one_line_is_the_first_error_with_its_location_and_detail() -> None:
    assert one_line(INVALID) == (
        'Error: Unsupported argument (main.tf line 3): An argument named "bogus" is not expected here.'
    )
    assert one_line(BOXED) == (
        "Error: Reference to undeclared resource (main.tf line 7): A managed resource "
        '"aws_s3_bucket" "nope" has not been declared in the root module.'
    )
    assert one_line("something odd happened\n") == "something odd happened"


def test_terraform_error_shows_the_diagnostics_as_details(tmp_path: Path) -> None:
    err = TerraformError("plan", tmp_path, ["terraform", "plan"], 1, INVALID)
    assert err.message == f"terraform plan failed in {tmp_path} (exit 1)."
    assert err.details is not None and err.details.startswith("Error: Unsupported argument")


def test_parse_plan() -> None:
    out = (
        "  # aws_s3_bucket_versioning.v will be updated in-place\n"
        "  # aws_instance.web must be replaced\n"
        "Plan: 1 to add, 1 to change, 1 to destroy.\n"
    )
    plan = parse_plan(out, 2)
    assert not plan and plan.changes == ["aws_s3_bucket_versioning.v (updated in-place)", "aws_instance.web (replaced)"]
    assert plan.summary == "Plan: 1 to add, 1 to change, 1 to destroy."
    assert parse_plan("No changes.", 0).clean


def test_state_resource_count(tmp_path: Path) -> None:
    state = tmp_path / "terraform.tfstate"
    assert state_resource_count(state) is None
    state.write_text(
        '{"resources": [{"mode": "managed", "instances": [{}, {}]}, {"mode": "data", "instances": [{}]},'
        ' {"mode": "managed", "instances": [{}]}]}'
    )
    assert state_resource_count(state) == 3
