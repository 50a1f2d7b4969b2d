"""phase2 (CI/CD) graded for real: `labctl test phase2 --variants` (round 0: a fresh env fails every
task and the reference solutions score full; then every variant of labs/phase2/variants/ gets the
verdict it declares in its own task). What variants cannot express stays here: two envs share no key."""

from __future__ import annotations

from typing import Any

import pytest

from labctl.testing import LabEnv

pytestmark = [pytest.mark.docker, pytest.mark.slow]


def test_every_variant_gets_its_verdict(docker_engine: object, prove_with_variants: Any,
                                      variant_counts: Any) -> None:
    prove_with_variants("phase2")
    counts: dict[str, Any] = variant_counts("phase2")
    assert all(c["correct"] >= 3 and c["wrong"] >= 4 for c in counts.values()), counts


def test_every_env_has_its_own_keys_and_the_workspace_takes_no_git_login(docker_engine: object) -> None:
    # In a class every student holds their env's key: it must open nothing of anyone else's.
    script = "cat /root/.ssh/id_ed25519.pub /root/.ssh/known_hosts"
    ssh = ("ssh -F /dev/null -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null "
           "-o IdentitiesOnly=yes")
    with LabEnv("phase2") as lab, LabEnv("phase2") as other:
        mine = set(lab.exec("workspace", script).stdout.splitlines())
        theirs = set(other.exec("workspace", script).stdout.splitlines())
        assert mine and theirs and not mine & theirs, (mine, theirs)
        key = other.exec("workspace", "cat /root/.ssh/id_ed25519").stdout
        login = ("install -m 0600 /dev/stdin /tmp/theirs <<'KEY'\n" + key + "KEY\n"
                 f"{ssh} -i /tmp/theirs git@gitserver true")
        result = lab.exec("workspace", login, check=False)
        assert "Permission denied" in result.stderr, result.stderr
        # its own key opens its git server (git-shell answers), but not the workspace's own sshd
        own = lab.exec("workspace", f"{ssh} -i /root/.ssh/id_ed25519 git@gitserver true", check=False)
        assert own.returncode == 128 and "unrecognized command" in own.stderr, own  # git-shell's answer
        local = lab.exec("workspace", f"{ssh} -i /root/.ssh/id_ed25519 git@localhost true", check=False)
        assert "Permission denied" in local.stderr, local.stderr
