"""Task scan: the Dockerfile has no HIGH/CRITICAL misconfiguration, and the pipeline gates on
Trivy's misconfiguration and secret scans.

Everything runs in the toolbox, with its Trivy, on copies of the workspace (never in it):
the Dockerfile is scanned alone (no ignore file or inline ignore of the workspace applies);
the pipeline must pass on the workspace as it is, and fail on a copy whose Dockerfile ends
with `USER root` (Trivy's HIGH AVD-DS-0002) and on a copy with an AWS access key planted in
a file under app/.
"""

import json
import random
import string

import pytest
from phase7_support import pipeline_on_copy, tail

TOOLBOX = "toolbox"
SCAN_DIR = "/tmp/labctl-trivy-dockerfile"
PLANT_MISCONFIG = "printf '\\nUSER root\\n' >> app/Dockerfile"


def _plant_secret():
    # a fresh key each time: Trivy's allow-list knows the documentation's example keys
    rng = random.Random()
    key = "AKIA" + "".join(rng.choice(string.ascii_uppercase + "234567") for _ in range(16))
    secret = "".join(rng.choice(string.ascii_letters + string.digits + "/+") for _ in range(40))
    return (f"printf 'AWS_ACCESS_KEY_ID={key}\\nAWS_SECRET_ACCESS_KEY={secret}\\n' > app/deploy.env")


@pytest.mark.points(2)
def test_dockerfile_has_no_high_misconfiguration(host):
    box = host(TOOLBOX)
    if not box.file("/workspace/app/Dockerfile").exists:
        pytest.fail("app/Dockerfile is missing from your workspace: the service's image recipe must stay there")
    box.run("rm -rf %s && mkdir -p %s && grep -v -i 'trivy:ignore' /workspace/app/Dockerfile > %s/Dockerfile",
            SCAN_DIR, SCAN_DIR, SCAN_DIR)
    scan = box.run("trivy config --quiet --format json --severity HIGH,CRITICAL %s", SCAN_DIR)
    box.run("rm -rf %s", SCAN_DIR)
    try:
        report = json.loads(scan.stdout)
    except ValueError:
        pytest.fail(f"Trivy could not scan app/Dockerfile: {(scan.stderr or scan.stdout).strip()[-200:]}")
    found = [m for r in report.get("Results") or [] for m in r.get("Misconfigurations") or []
             if m.get("Status", "FAIL") == "FAIL" and m.get("Severity") in ("HIGH", "CRITICAL")]
    assert not found, (
        f"trivy config finds {len(found)} HIGH or CRITICAL misconfiguration{'s' if len(found) > 1 else ''} in "
        "app/Dockerfile: " + "; ".join(f"{m.get('AVDID') or m.get('ID')} ({m.get('Severity')}): {m.get('Title')}"
                                        for m in found[:3])
    )


@pytest.mark.timeout(600)
@pytest.mark.points(5)
def test_pipeline_gates_on_trivy(host):
    box = host(TOOLBOX)
    if not box.file("/workspace/ci/pipeline.sh").exists:
        pytest.fail("ci/pipeline.sh is missing from your workspace: the pipeline must stay there")
    clean = pipeline_on_copy(box, "clean")
    assert clean.rc == 0, (
        f"ci/pipeline.sh fails on your workspace as it is (exit {clean.rc}: {tail(clean)}): with the findings "
        "fixed it must pass (LOW and MEDIUM findings must not fail it): a pipeline that always fails gates nothing"
    )
    misconfig = pipeline_on_copy(box, "trivy-misconfig", PLANT_MISCONFIG)
    assert misconfig.rc != 0, (
        "ci/pipeline.sh passed on a copy of your workspace whose app/Dockerfile ends with `USER root` (Trivy: "
        "AVD-DS-0002, HIGH): add a stage that runs `trivy config` on app/ and fails on HIGH and CRITICAL findings"
    )
    secret = pipeline_on_copy(box, "trivy-secret", _plant_secret())
    assert secret.rc != 0, (
        "ci/pipeline.sh passed on a copy of your workspace with an AWS access key in app/deploy.env: add a stage "
        "that runs `trivy fs --scanners secret` on the code and fails when it finds a secret"
    )
