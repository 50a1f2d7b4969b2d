"""Task sast: the app has no high-severity bandit findings, and the pipeline gates on them.

Both checks run in the toolbox on copies of the workspace (never in it), with the
toolbox's bandit. `# nosec` comments do not hide findings here, and the app must
still pass the lab's own copy of its unit tests (deleting the vulnerable endpoints
is not a fix).
"""

import io
import json
import tarfile

import pytest
from phase7_support import pipeline_on_copy, tail

TOOLBOX = "toolbox"
SCAN_DIR = "/tmp/labctl-sast-scan"
# A high-severity finding (B602) the pipeline must catch, appended to a copy of app/app.py.
PROBE = '''

def _labctl_probe(cmd):  # planted by the grader: the pipeline must reject this
    import subprocess
    return subprocess.call("ls " + cmd, shell=True)
'''


def _toolbox_container(docker, env):
    name = env.containers.get(TOOLBOX)
    if name is None:
        pytest.fail(f"the {TOOLBOX} service of this env is not running: bring it back with `labctl up {env.lab}`")
    return docker.containers.get(name)


def _put_file(container, directory, name, text):
    data = text.encode()
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        info = tarfile.TarInfo(name)
        info.size = len(data)
        info.mode = 0o644
        tar.addfile(info, io.BytesIO(data))
    container.put_archive(directory, buf.getvalue())


def _pristine_tests(env):
    return (env.lab_path / "workspace" / "app" / "test_app.py").read_text(encoding="utf-8")


@pytest.mark.points(3)
def test_no_high_severity_findings(host, docker, env):
    box = host(TOOLBOX)
    copied = box.run(
        "rm -rf %s && mkdir -p %s/py && cp -r /workspace/app %s/app && cd /workspace/app && "
        "find . -name '*.py' -not -path '*/__pycache__/*' | tar -cf - -T - | tar -C %s/py -xf -",
        SCAN_DIR, SCAN_DIR, SCAN_DIR, SCAN_DIR,
    )
    if copied.rc != 0 or not box.file(f"{SCAN_DIR}/py/app.py").exists:
        pytest.fail("app/app.py is missing from your workspace: the service's code must stay in app/")
    # Only the .py files, so no .bandit or other config of the workspace can skip tests.
    scan = box.run("bandit -q -r %s/py -f json --ignore-nosec", SCAN_DIR)
    report = json.loads(scan.stdout) if scan.stdout.strip().startswith("{") else None
    assert report is not None, f"bandit could not scan app/: {(scan.stderr or scan.stdout).strip()[-200:]}"
    shown = f"{SCAN_DIR}/py"
    errors = report.get("errors") or []
    assert not errors, f"bandit could not parse {errors[0].get('filename', '?').replace(shown, 'app')}: fix its syntax"
    high = [r for r in report.get("results", []) if r.get("issue_severity") == "HIGH"]
    assert not high, (
        f"bandit still finds {len(high)} high-severity issue{'s' if len(high) > 1 else ''} in app/: "
        + "; ".join(
            f"{r['filename'].replace(shown, 'app')}:{r['line_number']} {r['test_id']} {r['issue_text']}"
            for r in high[:3]
        )
    )
    # The fix must keep the service working: the lab's own unit tests, against the learner's code.
    _put_file(_toolbox_container(docker, env), f"{SCAN_DIR}/app", "test_app.py", _pristine_tests(env))
    tests = box.run("cd %s/app && python3 -m pytest -q -rfE --tb=no -p no:cacheprovider -p no:logging "
                    "test_app.py 2>&1", SCAN_DIR)
    failed = [ln.split()[1].split("::")[-1] for ln in tests.stdout.splitlines()
              if ln.startswith(("FAILED ", "ERROR ")) and "::" in ln]
    last = [ln for ln in tests.stdout.strip().splitlines() if ln.strip()][-1:]
    assert tests.rc == 0, (
        "bandit is happy, but the app no longer passes its unit tests (the lab's copy of app/test_app.py): "
        + (f"{', '.join(failed[:4])} fail" if failed else (last[0][:200] if last else f"exit code {tests.rc}"))
    )
    box.run("rm -rf %s", SCAN_DIR)


@pytest.mark.timeout(420)
@pytest.mark.points(2)
def test_pipeline_fails_on_high_severity(host, env):
    box = host(TOOLBOX)
    if not box.file("/workspace/ci/pipeline.sh").exists:
        pytest.fail("ci/pipeline.sh is missing from your workspace: the pipeline must stay there")
    clean = pipeline_on_copy(box, "clean")
    assert clean.rc == 0, (
        f"ci/pipeline.sh fails on your workspace as it is (exit {clean.rc}: {tail(clean)}): once the code "
        "is fixed it must pass (low and medium findings must not fail it): a pipeline that always fails gates nothing"
    )
    plant = "cat >> app/app.py <<'EOF'\n" + PROBE + "\nEOF"
    planted = pipeline_on_copy(box, "sast-planted", plant)
    assert planted.rc != 0, (
        "ci/pipeline.sh passed on a copy of your code with a high-severity finding added to app/app.py "
        "(subprocess with shell=True): add a SAST stage that runs bandit on app/ and fails on high-severity issues"
    )
