"""incident graded for real: `labctl test incident --variants` (round 0: a fresh env fails every
task and the reference solutions score full; then every variant of labs/incident/variants/ gets
the verdict it declares in its own task: eight rounds, one per fault set, so that every fault
class and link is injected, diagnosed, mitigated and drilled). What variants cannot express
stays here: two envs share no secret, and the lab stays inside its limits."""

from __future__ import annotations

from typing import Any

import pytest

from labctl.spec.loader import find_lab
from labctl.spec.variants import load_variants
from labctl.testing import LabEnv

pytestmark = [pytest.mark.docker, pytest.mark.slow]


def test_every_variant_gets_its_verdict(docker_engine: object, prove_with_variants: Any,
                                      variant_counts: Any) -> None:
    result = prove_with_variants("incident")
    counts: dict[str, Any] = variant_counts("incident")
    assert set(counts) == {"triage", "diagnose", "mitigate", "runbook", "restore", "postmortem"}
    assert all(c["correct"] >= 3 and c["wrong"] >= 4 for c in counts.values()), counts
    assert result["ok"]
    lab = find_lab("incident")  # the variants drill every kind of fault (a budgeted run samples them)
    faults = {v.header.params.get("fault") for v in load_variants(lab.path, lab.spec)}
    assert faults >= {"latency", "loss", "dependency", "disk", "config"}, faults


def test_envs_share_no_secret_and_stay_small(docker_engine: object) -> None:
    # In a class every student holds their env's ops key and database password: they must open
    # nothing of anyone else's, and no secret may be baked into the image.
    secrets = "cat /opt/lab/keys/ops_ed25519.pub /opt/lab/keys/db_password; echo"
    with LabEnv("incident", params={"incident_after_s": 600}) as lab, \
            LabEnv("incident", params={"incident_after_s": 600}) as other:
        mine = lab.exec("workspace", secrets).stdout.split()
        theirs = other.exec("workspace", secrets).stdout.split()
        assert len(mine) >= 3 and mine != theirs and mine[-1] != theirs[-1], (mine, theirs)
        # their key opens none of this env's machines; this env's key opens them all
        key = other.exec("workspace", "cat /root/.ssh/id_ed25519").stdout
        login = ("install -m 0600 /dev/stdin /tmp/theirs <<'KEY'\n" + key + "KEY\n"
                 "ssh -F /dev/null -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null "
                 "-o IdentitiesOnly=yes -i /tmp/theirs root@api true")
        assert lab.exec("workspace", login, check=False).returncode != 0
        assert lab.exec("workspace", "ssh -n api true && ssh -n db true && ssh -n web true && ssh -n cache true",
                        check=False).returncode == 0
        # the database takes only this env's password
        psql = "PGPASSWORD={} psql -h db -U shop -d shop -XAtqc 'select 1'"
        assert lab.exec("workspace", psql.format(mine[-1])).stdout.strip() == "1"
        assert lab.exec("workspace", psql.format(theirs[-1]), check=False).returncode != 0
        # the API's data disk is a 16 MiB tmpfs: the disk fault cannot fill the host's disk
        df = lab.exec("api", "df --output=fstype,size -B1M /var/lib/shop | tail -1").stdout.split()
        assert df[0] == "tmpfs" and int(df[1]) <= 16, df
