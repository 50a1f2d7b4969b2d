"""The `aws` and `tf` fixtures for checks of terraform labs (loaded by the grading worker if importable).

    def test_logs_bucket_versioned(aws, params):
        status = aws.client("s3").get_bucket_versioning(Bucket=params["bucket"]).get("Status")
        assert status == "Enabled", f"bucket {params['bucket']} should be versioned; it is {status}"

    def test_network_converged(tf):
        plan = tf.plan("network")
        assert plan.clean, f"terraform plan in workspace/network wants changes: {', '.join(plan.changes)}"

`aws` is bound to the env's own AWS (its private emulator by default), never the
user's credentials: `.client(name)`, `.resource(name)`, `.session` (a boto3
Session whose clients default to the env's endpoint), `.endpoint`, `.region`,
`.account_id`, `.mode`.

`tf` reads Terraform stacks: `.outputs(dir)`, `.state(dir)` (`terraform show
-json`), `.resources(dir)` (every managed resource, modules included),
`.plan(dir)` / `.plan_is_clean(dir)` (`plan -detailed-exitcode`: no changes),
`.validate(dir)`. `dir` is relative to the env's workspace (the learner's
Terraform); omitted, it is the stack labctl applied at `up`. When terraform
fails (a learner's invalid .tf, a missing folder), the check fails with
terraform's own error text as its message, never a crash.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pytest

from labctl.aws.modes import AwsConnection
from labctl.backends.terraform import (
    LOG_DIR,
    STACK_DIR,
    PlanResult,
    TerraformCli,
    TerraformError,
    one_line,
)
from labctl.errors import LabctlError
from labctl.grading.context import GradingContext, current
from labctl.grading.messages import CheckProblem


class Aws:
    """boto3 bound to the env's AWS."""

    def __init__(self, conn: AwsConnection):
        self.connection = conn

    @property
    def endpoint(self) -> str:
        return self.connection.endpoint

    @property
    def region(self) -> str:
        return self.connection.region

    @property
    def account_id(self) -> str:
        return self.connection.account_id

    @property
    def mode(self) -> str:
        return self.connection.mode

    @functools.cached_property
    def session(self) -> Any:
        return self.connection.session()

    def client(self, service: str, **kwargs: Any) -> Any:
        if kwargs:
            return self.session.client(service, **kwargs)
        return self._client(service)

    @functools.cache  # noqa: B019 - one Aws per grading session
    def _client(self, service: str) -> Any:
        return self.session.client(service)

    def resource(self, service: str, **kwargs: Any) -> Any:
        return self.session.resource(service, **kwargs)


def aws_for(ctx: GradingContext) -> Aws:
    conn = AwsConnection.from_data(ctx.data.get("aws"))
    if conn is None:
        raise CheckProblem(
            f"lab {ctx.lab} has no AWS to check (its environment has no terraform part with aws: true), "
            f"or env {ctx.env} was never brought up: run `labctl up {ctx.lab}`"
        )
    return Aws(conn)


class Tf:
    """Terraform stacks of the env: the one labctl applied, and the learner's in the workspace."""

    def __init__(self, ctx: GradingContext):
        self.workdir = Path(ctx.workdir)
        self.workspace = Path(ctx.workspace)
        self.env = {"TF_IN_AUTOMATION": "1", "TF_INPUT": "0", "CHECKPOINT_DISABLE": "1", **ctx.env_vars}
        scene = ctx.data.get("tf_outputs")
        self._outputs: dict[Path, dict[str, Any]] = {}
        if isinstance(scene, dict):  # recorded when labctl applied its stack: no terraform run needed
            self._outputs[self.path()] = dict(scene)

    def path(self, directory: str | Path | None = None) -> Path:
        """The stack dir: None is labctl's stack; relative paths are in the workspace."""
        if directory is None:
            return self.workdir / STACK_DIR
        path = Path(directory)
        return path if path.is_absolute() else self.workspace / path

    def _name(self, path: Path) -> str:
        for root, label in ((self.workspace, "workspace"), (self.workdir, "env")):
            if path.is_relative_to(root):
                rel = path.relative_to(root).as_posix()
                return f"{label}/{rel}" if rel != "." else label
        return str(path)

    def _cli(self, directory: str | Path | None) -> TerraformCli:
        path = self.path(directory)
        if not path.is_dir():
            raise CheckProblem(f"{self._name(path)} does not exist: the Terraform for this task goes there")
        if not any(path.glob("*.tf")) and not any(path.glob("*.tf.json")):
            raise CheckProblem(f"{self._name(path)} has no .tf files yet")
        try:
            return TerraformCli(path, self.env, log_dir=self.workdir / LOG_DIR)
        except LabctlError as exc:  # terraform missing on the grading machine
            raise CheckProblem(str(exc)) from exc

    def _failed(self, exc: TerraformError) -> CheckProblem:
        return CheckProblem(f"terraform {exc.command} failed in {self._name(exc.directory)}: {one_line(exc.output)}")

    def outputs(self, directory: str | Path | None = None) -> dict[str, Any]:
        """Output name -> value, from the stack's state (`{}` if it was never applied).

        Read once per grading run (each terraform start costs ~1 s); labctl's own
        stack's outputs come from what `up` recorded."""
        path = self.path(directory)
        if path not in self._outputs:
            try:
                self._outputs[path] = self._cli(directory).outputs()
            except TerraformError as exc:
                raise self._failed(exc) from None
        return dict(self._outputs[path])

    def state(self, directory: str | Path | None = None) -> dict[str, Any]:
        """`terraform show -json`: {"values": {"root_module": {...}}, ...} ({} if never applied)."""
        try:
            return self._cli(directory).show()
        except TerraformError as exc:
            raise self._failed(exc) from None

    def resources(self, directory: str | Path | None = None) -> list[dict[str, Any]]:
        """Every managed resource in the state, child modules included: address, type, name, values."""
        found: list[dict[str, Any]] = []

        def walk(module: dict[str, Any]) -> None:
            found.extend(r for r in module.get("resources", []) if r.get("mode") == "managed")
            for child in module.get("child_modules", []):
                walk(child)

        walk(self.state(directory).get("values", {}).get("root_module", {}))
        return found

    def plan(self, directory: str | Path | None = None) -> PlanResult:
        """`terraform plan -detailed-exitcode`: `.clean`, `.changes` (addresses), `.summary`."""
        try:
            return self._cli(directory).plan()
        except TerraformError as exc:
            raise self._failed(exc) from None

    def plan_json(self, directory: str | Path | None = None) -> dict[str, Any]:
        """A plan of the stack as JSON (`terraform show -json` of a saved plan): its
        `configuration` (module calls with their inputs, variables, outputs, the expressions of
        every resource), `resource_changes` and `planned_values`. Costs a plan and a show."""
        try:
            return self._cli(directory).plan_json()
        except TerraformError as exc:
            raise self._failed(exc) from None

    def plan_is_clean(self, directory: str | Path | None = None) -> bool:
        """True when a second plan finds nothing to change (idempotent, no drift)."""
        return self.plan(directory).clean

    def validate(self, directory: str | Path | None = None) -> None:
        """Fail the check with terraform's message if the configuration is invalid."""
        try:
            errors = self._cli(directory).validate()
        except TerraformError as exc:
            raise self._failed(exc) from None
        if errors:
            first = errors[0]
            rng = first.get("range") or {}
            where = f" ({rng['filename']} line {(rng.get('start') or {}).get('line', '?')})" if rng else ""
            raise CheckProblem(
                f"terraform validate failed in {self._name(self.path(directory))}: Error: "
                f"{first.get('summary', '')}{where}: {first.get('detail', '')}".rstrip(": ")
            )


@pytest.fixture(scope="session")
def aws() -> Aws:
    """boto3 clients, resources and a session bound to this env's AWS (its emulator by default)."""
    return aws_for(current())


@pytest.fixture(scope="session")
def tf() -> Tf:
    """Outputs, state and plans of this env's Terraform stacks."""
    return Tf(current())
