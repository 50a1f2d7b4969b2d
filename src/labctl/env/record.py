"""The typed env record: what the state store keeps about one environment.

`EnvRecord` is the row; `EnvData` is what backends and the classroom save
about the env as it is made (image tags, the AWS connection, class network
settings, ...), typed field by field. Unknown keys read from a newer labctl
are kept in `EnvData.extra` and written back unchanged.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, fields
from enum import StrEnum
from pathlib import Path
from typing import Any, ClassVar

from labctl.env.naming import legacy_project_name


class EnvStatus(StrEnum):
    """An env's state. The first four are recorded by the lifecycle verbs; `degraded`,
    `stopped` and `gone` are what `status` observes when the record says `up` but the
    engine disagrees."""

    CREATING = "creating"
    UP = "up"
    FAILED = "failed"
    REMOVING = "removing"
    DEGRADED = "degraded"
    STOPPED = "stopped"
    GONE = "gone"
    #: an env no store records (found by its labels), or a stand-in for validate/render
    UNKNOWN = "unknown"

    @classmethod
    def parse(cls, value: str) -> EnvStatus:
        try:
            return cls(value)
        except ValueError:
            return cls.UNKNOWN


@dataclass
class KindData:
    """What the kind backend keeps: its cluster's API server port and names."""

    api_server_port: int | None = None
    cluster: str = ""
    context: str = ""
    kubeconfig: str = ""
    namespace: str = ""


@dataclass
class SwarmData:
    """What an env on Docker Swarm keeps: the node it is pinned to and how it is published."""

    #: the swarm node id its services are constrained to (chosen by labctl from free capacity)
    node: str = ""
    #: that node's host name, for people
    node_name: str = ""
    #: HOST:PORT its images are pulled from ("": the manager's own engine, single node only)
    registry: str = ""
    #: how its published ports listen: `host` (on its node's address) or `mesh` (routing mesh:
    #: every node's address; needs IPVS in the nodes' kernels)
    publish: str = "host"
    #: memory each container reserves on its node ("": its memory limit), e.g. 128m
    reserve_memory: str = ""
    #: CPUs each container reserves on its node (0: none; CPU is shared, limits cap it)
    reserve_cpus: float = 0.0


@dataclass
class EnvData:
    #: the base name of what the env makes on shared engines (compose project, kind cluster)
    project: str = ""
    #: made before store ids: its objects carry no `io.labctl.store` label and keep them
    legacy: bool = False
    bind_address: str = "127.0.0.1"
    #: the lab folder it was made from (status and down find the lab again by it)
    labs_dir: str = ""
    #: image folder name -> tag built for it
    images: dict[str, str] = field(default_factory=dict)
    #: per-container limits a class set (memory, cpus, pids)
    limits: dict[str, Any] | None = None
    #: terraform labs: how the env reaches AWS (emulator | localstack | profile:NAME) ...
    aws_mode: str | None = None
    #: ... and the connection made for it (labctl.aws.modes.AwsConnection.to_data)
    aws: dict[str, Any] = field(default_factory=dict)
    #: terraform labs: the scene's outputs, recorded at `up`
    tf_outputs: dict[str, Any] | None = None
    #: class envs: port name -> address it listens on (ssh on the class address)
    port_binds: dict[str, str] = field(default_factory=dict)
    #: class envs: network name -> subnet chosen by labctl
    subnets: dict[str, str] = field(default_factory=dict)
    #: class envs: how often Docker may re-run healthchecks labctl probes itself (0: never)
    docker_health_interval: float | None = None
    kind: KindData = field(default_factory=KindData)
    #: the engine it runs on: `compose` (this machine's Docker engine) or `swarm`
    engine: str = "compose"
    swarm: SwarmData = field(default_factory=SwarmData)
    #: keys this labctl does not know (written by a newer one): kept as they were
    extra: dict[str, Any] = field(default_factory=dict)

    #: old key names, read as their new ones
    _RENAMED: ClassVar[dict[str, str]] = {"min_health_interval": "docker_health_interval"}
    #: nested typed parts, written only when they hold something
    _NESTED: ClassVar[dict[str, type[Any]]] = {"kind": KindData, "swarm": SwarmData}

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> EnvData:
        known = {f.name for f in fields(cls)} - {"extra", *cls._NESTED}
        values: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        for key, value in raw.items():
            key = cls._RENAMED.get(key, key)
            if key in known:
                values.setdefault(key, value)
            elif key not in cls._NESTED:
                extra[key] = value
        for name, part in cls._NESTED.items():
            part_raw = raw.get(name) or {}
            part_known = {f.name for f in fields(part)}
            values[name] = part(**{k: v for k, v in part_raw.items() if k in part_known})
        data = cls(**values, extra=extra)
        if data.docker_health_interval is not None:
            data.docker_health_interval = float(data.docker_health_interval)
        return data

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = dict(self.extra)
        for f in fields(self):
            if f.name == "extra" or f.name in self._NESTED:
                continue
            out[f.name] = getattr(self, f.name)
        for name, part in self._NESTED.items():
            value = getattr(self, name)
            values = {f.name: getattr(value, f.name) for f in fields(part)}
            if values != {f.name: getattr(part(), f.name) for f in fields(part)}:
                out[name] = values
        return out


@dataclass
class EnvRecord:
    lab: str
    name: str
    status: EnvStatus
    seed: str
    workdir: str
    params: dict[str, Any] = field(default_factory=dict)
    ports: dict[str, int] = field(default_factory=dict)
    data: EnvData = field(default_factory=EnvData)
    class_name: str | None = None
    student_id: str | None = None
    error: str | None = None
    created_at: float = field(default_factory=time.time)
    updated_at: float = field(default_factory=time.time)
    #: the id of the store (labctl home) that holds this record
    store: str = ""

    @property
    def workdir_path(self) -> Path:
        return Path(self.workdir)

    @property
    def project(self) -> str:
        return self.data.project or legacy_project_name(self.lab, self.name)
