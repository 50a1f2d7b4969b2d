"""The swarm settings of a labctl home: `$LABCTL_HOME/swarm.yaml` (or `LABCTL_SWARM_CONFIG`).

```yaml
nodes:                      # per swarm node (its id, or its host name if unique)
  worker-1:
    endpoint: ssh://labctl@10.0.0.12      # how labctl reaches that node's Docker engine
    address: lab1.example.org             # what students connect to for envs on it
  worker-2:
    endpoint: tcp://10.0.0.13:2376
    cert_path: /etc/labctl/tls/worker-2   # ca.pem, cert.pem, key.pem (Docker's layout)
registry:                                 # written by `labctl registry up`
  port: 5000
  password: ...                           # random; the master registry only accepts labctl
```

The node labctl runs on (a manager) needs no endpoint: it is this machine's engine. The
file holds the registry's password, so it is written with mode 0600.
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from labctl import paths
from labctl.errors import SpecError

ENV_CONFIG = "LABCTL_SWARM_CONFIG"
FILE_NAME = "swarm.yaml"
ENDPOINT_SCHEMES = ("unix://", "tcp://", "ssh://")
DEFAULT_REGISTRY_PORT = 5000


class NodeSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    #: the node's Docker engine: ssh://user@host, tcp://host:2376 (with cert_path), unix:///path
    endpoint: str | None = None
    #: TLS client files for a tcp:// endpoint: ca.pem, cert.pem, key.pem
    cert_path: str | None = None
    #: the host name or address students are told to connect to for envs on this node
    address: str | None = None

    @field_validator("endpoint")
    @classmethod
    def _scheme(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(ENDPOINT_SCHEMES):
            raise ValueError(f"must start with one of {', '.join(ENDPOINT_SCHEMES)} (got '{value}')")
        return value


class RegistrySettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    port: int = Field(DEFAULT_REGISTRY_PORT, ge=1, le=65535)
    #: the master registry's password (user `labctl`); random, made by `labctl registry up`
    password: str = Field(min_length=16)

    @property
    def address(self) -> str:
        """Where every node reaches the registry: its own 127.0.0.1 (the manager's master, or
        the node's mirror), which Docker engines accept without TLS."""
        return f"127.0.0.1:{self.port}"


class SwarmSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    nodes: dict[str, NodeSettings] = Field(default_factory=dict)
    registry: RegistrySettings | None = None


def config_path() -> Path:
    override = os.environ.get(ENV_CONFIG)
    return Path(override).expanduser() if override else paths.data_dir() / FILE_NAME


def load() -> SwarmSettings:
    """The settings (empty if there is no file); SpecError naming the field if it is wrong."""
    path = config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return SwarmSettings()
    except OSError as exc:
        raise SpecError(f"cannot read the swarm settings: {exc.strerror}", file=str(path)) from exc
    try:
        raw = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise SpecError(f"the swarm settings are not valid YAML: {exc}", file=str(path)) from exc
    try:
        return SwarmSettings.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(x) for x in err["loc"])
        raise SpecError(f"{err['msg']}", file=str(path), field=where) from None


def save(settings: SwarmSettings) -> Path:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(yaml.safe_dump(settings.model_dump(exclude_none=True), sort_keys=False))
    tmp.replace(path)
    return path
