"""The one table of environment-part kinds (backends) and the tools they need.

Everything that lists backends derives from `KINDS`: the lab.yaml model (which
parts a lab may declare, the "choose from" error), the apply order, the
backend classes (resolved lazily by labctl.backends), the tools `list` and
`doctor` look for, and the grading fixture module a kind's checks need.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    name: str
    #: "module:Class" of its Backend, imported only when an env uses it
    backend: str
    #: tools it needs on this machine, as named in TOOLS
    tools: tuple[str, ...]
    #: parts apply in ascending order (terraform first: it may set the scene) and are
    #: destroyed in the reverse order
    apply_order: int
    #: optional grading fixture module its checks use (imported only for such labs)
    fixture_module: str | None = None


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("terraform", "labctl.backends.terraform:TerraformBackend", ("terraform",), 10,
             "labctl.grading.fixtures_aws"),
        Kind("compose", "labctl.backends.compose:ComposeBackend", ("docker", "compose"), 20),
        Kind("kind", "labctl.backends.kind:KindBackend", ("docker", "kind", "kubectl"), 30,
             "labctl.grading.fixtures_k8s"),
    )
}

#: kind names in apply order
KIND_NAMES: tuple[str, ...] = tuple(sorted(KINDS, key=lambda n: KINDS[n].apply_order))


@dataclass(frozen=True)
class Engine:
    """Where an env's parts run: this machine's Docker engine, or a Docker Swarm (classes)."""

    name: str
    summary: str
    #: kind -> "module:Class" of the Backend that serves it on this engine
    backends: dict[str, str]
    #: kind -> why it cannot run on this engine (what to do instead)
    refused: dict[str, str]
    #: kinds in apply order on this engine (destroyed in the reverse order)
    apply_order: tuple[str, ...]
    #: kind -> other kinds whose backends it needs beside it on this engine
    needs: dict[str, tuple[str, ...]]

    def parts(self, kinds: list[str] | tuple[str, ...]) -> list[str]:
        """The kinds an env of a lab with these parts runs on this engine, in apply order."""
        wanted = set(kinds)
        for kind in kinds:
            wanted.update(self.needs.get(kind, ()))
        return [k for k in self.apply_order if k in wanted]


DEFAULT_ENGINE = "compose"
ENGINES: dict[str, Engine] = {
    engine.name: engine
    for engine in (
        Engine("compose", "this machine's Docker engine (compose projects, kind clusters, local emulators)",
               {k.name: k.backend for k in KINDS.values()}, {}, KIND_NAMES, {}),
        Engine(
            "swarm", "a Docker Swarm: one stack per env, pinned to a node, images from a class registry",
            {"compose": "labctl.backends.swarm:SwarmBackend",
             "terraform": "labctl.backends.swarm_terraform:SwarmTerraformBackend"},
            {"kind": "a kind cluster needs privileged containers, which Swarm services cannot have; "
                     "run Kubernetes labs on the compose engine (`--engine compose`)"},
            # the stack first: it runs the AWS emulator a terraform part applies against
            ("compose", "terraform"),
            {"terraform": ("compose",)},
        ),
    )
}

#: tools a lab may name in `requires`, with how to get each
TOOL_HINTS: dict[str, str] = {
    "docker": "Install Docker (https://docs.docker.com/engine/install/) and start the engine.",
    "compose": "Install the Compose plugin (`apt-get install docker-compose-plugin`, or from a labctl "
    "checkout `make compose-v2`) or `docker-compose`.",
    "kind": "Install kind (https://kind.sigs.k8s.io/docs/user/quick-start/#installation): download "
    "the release binary for your platform onto your PATH (or `go install sigs.k8s.io/kind@latest`); "
    "it also needs its node image (kindest/node), pulled on first use or loaded with `docker load`.",
    "kubectl": "Install kubectl (https://kubernetes.io/docs/tasks/tools/).",
    "terraform": "Install Terraform >= 1.5 (https://developer.hashicorp.com/terraform/install).",
    "ssh": "Install an OpenSSH client (`apt-get install openssh-client`).",
}
TOOLS: tuple[str, ...] = tuple(TOOL_HINTS)


def in_apply_order(names: list[str] | tuple[str, ...]) -> list[str]:
    return sorted(names, key=lambda n: KINDS[n].apply_order)
