"""Removing a stack: labctl waits until Swarm really lists nothing of it (bounded, with a clear
error), and a failed stack command's stderr reaches the class's failure report."""

from __future__ import annotations

from typing import Any

import pytest

from labctl.backends.swarm import remaining, wait_gone
from labctl.classroom.provision import failure_text
from labctl.errors import CommandFailed, LabctlError

LABELS = {"label": ["io.labctl.env=e1"]}


class SlowSwarm:
    """A manager that still lists a removed stack's network (and its local copy) for a few polls."""

    def __init__(self, polls: int):
        self.polls = polls
        self.api = self

    def services(self, filters: dict[str, Any]) -> list[dict[str, Any]]:
        self.polls -= 1
        return []

    def networks(self, filters: dict[str, Any]) -> list[dict[str, Any]]:
        if self.polls < 0:
            return []
        net = {"Name": "labctl-s-classlab--e1_default", "Scope": "swarm", "Labels": {"io.labctl.env": "e1"}}
        if "name" in filters:  # the local copy, found by name (labels or not)
            return [{**net, "Labels": {}}, {"Name": "other_default", "Scope": "swarm"},
                    {"Name": "labctl-s-classlab--e1_default", "Scope": "local", "Labels": {}}]
        return [net]

    def configs(self, filters: dict[str, Any]) -> list[dict[str, Any]]:
        return []

    def secrets(self, filters: dict[str, Any]) -> list[dict[str, Any]]:
        return []


def mine(labels: dict[str, str] | None) -> bool:
    return True


def test_what_is_left_is_named_once() -> None:
    left = remaining(SlowSwarm(5), LABELS, mine, "labctl-s-classlab--e1_")
    assert left == ["network labctl-s-classlab--e1_default"]


def test_removal_waits_until_the_manager_lists_nothing() -> None:
    swarm = SlowSwarm(3)
    wait_gone(swarm, LABELS, mine, "labctl-s-classlab--e1_", timeout=30)
    assert swarm.polls < 0


def test_removal_that_does_not_finish_is_an_error_naming_what_is_left() -> None:
    with pytest.raises(LabctlError, match=r"Swarm has not finished removing 1 object\(s\) after 0s: "
                       r"network labctl-s-classlab--e1_default\.") as info:
        wait_gone(SlowSwarm(10_000), LABELS, mine, "labctl-s-classlab--e1_", timeout=0.3)
    assert "docker network ls" in (info.value.hint or "")


def test_a_failed_stack_deploy_reports_its_stderr() -> None:
    exc = CommandFailed(["docker", "stack", "deploy", "-c", "stack.yaml", "s"], 1, "Creating network s_default\n",
                        "failed to create network s_default: Error response from daemon: network with name "
                        "s_default already exists\n", what="docker stack deploy")
    text = failure_text(exc)
    first, *rest = text.splitlines()
    assert first == "docker stack deploy failed (exit 1): docker stack deploy -c stack.yaml s"
    assert rest == ["    failed to create network s_default: Error response from daemon: network with name "
                    "s_default already exists"]
    plain = failure_text(LabctlError("it broke.", hint="Do this."))
    assert plain == "it broke. Do this."
