"""phase1 graded for real: `labctl test phase1 --variants` (round 0: a fresh env fails every task and
the reference solutions score full; then every variant of labs/phase1/variants/ gets the verdict it
declares in its own task). What variants cannot express stays here: two envs share no key."""

from __future__ import annotations

from typing import Any

import pytest

from labctl.testing import LabEnv

pytestmark = [pytest.mark.docker, pytest.mark.slow]


def test_every_variant_gets_its_verdict(docker_engine: object, prove_with_variants: Any,
                                      variant_counts: Any) -> None:
    prove_with_variants("phase1")
    counts: dict[str, Any] = variant_counts("phase1")
    assert all(c["correct"] >= 3 and c["wrong"] >= 4 for c in counts.values()), counts


def test_every_env_has_its_own_keys_and_the_workstation_takes_no_admin_login(docker_engine: object) -> None:
    # In a class every student holds their env's admin key: it must open nothing of anyone else's.
    script = ("cat /root/.ssh/id_ed25519.pub /root/.ssh/deploy_ed25519.pub; "
              "ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub | cut -d' ' -f2")
    with LabEnv("phase1") as lab, LabEnv("phase1") as other:
        mine = lab.exec("workspace", script).stdout.split("\n")
        theirs = other.exec("workspace", script).stdout.split("\n")
        assert len(mine) >= 3 and not set(mine[:3]) & set(theirs[:3]), (mine, theirs)
        web_host_keys = {env.exec("web", "ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub").stdout
                         for env in (lab, other)}
        assert len(web_host_keys) == 2
        # the other env's admin key does not open this env's web01
        key = other.exec("workspace", "cat /root/.ssh/id_ed25519").stdout
        login = ("install -m 0600 /dev/stdin /tmp/theirs <<'KEY'\n" + key + "KEY\n"
                 "ssh -F /dev/null -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null "
                 "-o IdentitiesOnly=yes -i /tmp/theirs admin@web01 true")
        assert lab.exec("workspace", login, check=False).returncode != 0
        # while its own admin key does, and the workstation itself takes no admin login at all
        ssh = ("ssh -F /dev/null -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null "
               "-o IdentitiesOnly=yes -i /root/.ssh/id_ed25519")
        assert lab.exec("workspace", f"{ssh} admin@web01 true", check=False).returncode == 0
        assert lab.exec("workspace", f"{ssh} admin@localhost true", check=False).returncode != 0
