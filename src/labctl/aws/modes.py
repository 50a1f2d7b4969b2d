"""Where an env's AWS lives (`--aws emulator|localstack|profile:NAME`) and how to reach it.

- `emulator` (default): a private moto server per env, owned by labctl. Isolation
  between students comes from separate servers; nothing ever reaches AWS.
- `localstack`: a LocalStack the user runs (`LABCTL_LOCALSTACK_URL`, default
  http://127.0.0.1:4566). Envs sharing it are isolated by account: LocalStack
  takes a 12-digit access key id as the account id, and each env gets its own.
- `profile:NAME`: real AWS through a named profile of the AWS config. It costs
  money; the CLI warns loudly.

An env's connection is saved in `record.data["aws"]` (templates see it as `aws.*`)
and in `<workdir>/aws/connection.json`, so `down` still knows it when state is lost.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any, Final, Literal

from labctl.errors import PrerequisiteError, UserInputError

EMULATOR: Final = "emulator"
LOCALSTACK: Final = "localstack"
PROFILE: Final = "profile"
MODES = (EMULATOR, LOCALSTACK, f"{PROFILE}:NAME")

ENV_REGION = "LABCTL_AWS_REGION"
ENV_LOCALSTACK_URL = "LABCTL_LOCALSTACK_URL"
DEFAULT_REGION = "us-east-1"
DEFAULT_LOCALSTACK_URL = "http://127.0.0.1:4566"
#: moto's default account; every emulator is private, so all share it harmlessly
EMULATOR_ACCOUNT_ID = "123456789012"
DUMMY_SECRET = "test"

CONNECTION_FILE = "connection.json"

REAL_AWS_WARNING = (
    "REAL AWS: this env will create resources in the AWS account of profile '{profile}'. "
    "They COST MONEY until `labctl down` removes them, and resources the learner creates "
    "outside labctl's stack are only removed if their Terraform state is in the workspace. "
    "Use the default `--aws emulator` unless you mean it."
)


@dataclass(frozen=True)
class AwsMode:
    kind: Literal["emulator", "localstack", "profile"]
    profile: str | None = None

    def __str__(self) -> str:
        return f"{PROFILE}:{self.profile}" if self.kind == PROFILE else self.kind

    @property
    def costs_money(self) -> bool:
        return self.kind == PROFILE

    @property
    def owns_emulator(self) -> bool:
        """True when labctl runs (and `down` stops) the AWS this env uses."""
        return self.kind == EMULATOR


def parse_mode(text: str | None) -> AwsMode:
    """`emulator`, `localstack` or `profile:NAME`; anything else is a UserInputError."""
    value = (text or EMULATOR).strip()
    if value == EMULATOR:
        return AwsMode(EMULATOR)
    if value == LOCALSTACK:
        return AwsMode(LOCALSTACK)
    if value.startswith(f"{PROFILE}:") and value.split(":", 1)[1].strip():
        return AwsMode(PROFILE, value.split(":", 1)[1].strip())
    raise UserInputError(
        f"--aws '{value}' unknown; choose from: {', '.join(MODES)} "
        "(e.g. --aws profile:training for a real AWS profile)."
    )


def region() -> str:
    return os.environ.get(ENV_REGION) or DEFAULT_REGION


def localstack_url() -> str:
    return (os.environ.get(ENV_LOCALSTACK_URL) or DEFAULT_LOCALSTACK_URL).rstrip("/")


def env_account_id(*parts: str) -> str:
    """A stable 12-digit account id for an env (LocalStack isolates accounts by access key)."""
    digest = hashlib.sha256("/".join(parts).encode()).hexdigest()
    return str(100000000000 + int(digest[:15], 16) % 900000000000)


@dataclass
class AwsConnection:
    """How an env reaches its AWS: saved in record.data["aws"], seen by templates as `aws`."""

    mode: str
    region: str
    endpoint: str = ""
    access_key: str = ""
    secret_key: str = ""
    account_id: str = ""
    profile: str = ""
    pid: int | None = None
    port: int | None = None
    #: where the env's own containers reach it, if not at `endpoint` (a swarm env's emulator
    #: service: `endpoint` is then this host's tunnel to it)
    internal_endpoint: str = ""

    def to_data(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_data(cls, data: dict[str, Any] | None) -> AwsConnection | None:
        if not data or "mode" not in data or "region" not in data:
            return None
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    def save(self, aws_dir: Path) -> Path:
        aws_dir.mkdir(parents=True, exist_ok=True)
        path = aws_dir / CONNECTION_FILE
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(self.to_data(), indent=2), encoding="utf-8")
        tmp.replace(path)
        return path

    @classmethod
    def load(cls, aws_dir: Path) -> AwsConnection | None:
        try:
            return cls.from_data(json.loads((aws_dir / CONNECTION_FILE).read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            return None

    @property
    def aws_mode(self) -> AwsMode:
        return parse_mode(self.mode)

    def env_vars(self) -> dict[str, str]:
        """What the learner's terraform, aws CLI and boto3 need to reach this AWS."""
        out = {"AWS_DEFAULT_REGION": self.region, "AWS_REGION": self.region}
        if self.profile:
            out["AWS_PROFILE"] = self.profile
        else:
            out["AWS_ACCESS_KEY_ID"] = self.access_key
            out["AWS_SECRET_ACCESS_KEY"] = self.secret_key
        if self.endpoint:
            out["AWS_ENDPOINT_URL"] = self.endpoint
        return out

    # -- boto3 (imported lazily) ------------------------------------------------

    def session(self) -> Any:
        """A boto3 Session whose clients and resources default to this env's endpoint."""
        cls = _endpoint_session_class()
        if self.profile:
            return cls(profile_name=self.profile, region_name=self.region, endpoint_url=self.endpoint)
        return cls(
            aws_access_key_id=self.access_key, aws_secret_access_key=self.secret_key,
            aws_session_token=None, region_name=self.region, endpoint_url=self.endpoint,
        )

    def client(self, service: str, **kwargs: Any) -> Any:
        return self.session().client(service, **kwargs)

    def resource(self, service: str, **kwargs: Any) -> Any:
        return self.session().resource(service, **kwargs)

    def check_reachable(self, timeout: float = 5.0) -> str:
        """Ask STS who we are (free, also on real AWS); return the account id or raise."""
        from botocore.config import Config
        from botocore.exceptions import BotoCoreError, ClientError

        cfg = Config(connect_timeout=timeout, read_timeout=timeout, retries={"max_attempts": 1})
        try:
            ident = self.client("sts", config=cfg).get_caller_identity()
        except (BotoCoreError, ClientError) as exc:
            where = f"at {self.endpoint}" if self.endpoint else f"with profile '{self.profile}'"
            hint = {
                LOCALSTACK: f"Start LocalStack (e.g. `docker run -d -p 4566:4566 localstack/localstack`) "
                f"or point {ENV_LOCALSTACK_URL} at yours.",
                PROFILE: f"Check the profile with `aws sts get-caller-identity --profile {self.profile}`.",
            }.get(self.aws_mode.kind, "Run `labctl doctor`.")
            raise PrerequisiteError(f"AWS ({self.mode}) cannot be reached {where}: {exc}.", hint=hint) from exc
        return str(ident.get("Account", ""))


@functools.cache
def _endpoint_session_class() -> type[Any]:
    import boto3.session
    from botocore.config import Config

    class EndpointSession(boto3.session.Session):
        """A Session that remembers an endpoint: `session.client("s3")` reaches the emulator."""

        def __init__(self, *args: Any, endpoint_url: str = "", **kwargs: Any):
            super().__init__(*args, **kwargs)
            self.endpoint_url = endpoint_url

        def _defaults(self, kwargs: dict[str, Any]) -> dict[str, Any]:
            if self.endpoint_url:
                kwargs.setdefault("endpoint_url", self.endpoint_url)
                path_style = Config(s3={"addressing_style": "path"})
                cfg = kwargs.get("config")
                kwargs["config"] = path_style if cfg is None else path_style.merge(cfg)
            return kwargs

        def client(self, *args: Any, **kwargs: Any) -> Any:
            return super().client(*args, **self._defaults(kwargs))

        def resource(self, *args: Any, **kwargs: Any) -> Any:
            return super().resource(*args, **self._defaults(kwargs))

    return EndpointSession


def connection_for(mode: AwsMode, *, lab: str, env: str, endpoint: str = "") -> AwsConnection:
    """The connection a new env uses (the emulator's endpoint is filled in once it runs)."""
    if mode.kind == EMULATOR:
        return AwsConnection(mode=str(mode), region=region(), endpoint=endpoint,
                             access_key="test", secret_key=DUMMY_SECRET,
                             account_id=EMULATOR_ACCOUNT_ID)
    if mode.kind == LOCALSTACK:
        account = env_account_id(lab, env)
        return AwsConnection(mode=str(mode), region=region(), endpoint=endpoint or localstack_url(),
                             access_key=account, secret_key=DUMMY_SECRET, account_id=account)
    return AwsConnection(mode=str(mode), region=profile_region(mode.profile or "") or region(),
                         profile=mode.profile or "")


def profile_region(profile: str) -> str | None:
    """The profile's configured region; UserInputError if the AWS config has no such profile."""
    import boto3.session
    from botocore.exceptions import ProfileNotFound

    try:
        return boto3.session.Session(profile_name=profile).region_name
    except ProfileNotFound as exc:
        raise UserInputError(
            f"AWS profile '{profile}' is not in your AWS config.",
            hint="List profiles with `aws configure list-profiles`; create one with "
            f"`aws configure --profile {profile}`.",
        ) from exc
