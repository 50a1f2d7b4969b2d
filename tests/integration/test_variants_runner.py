"""`labctl test LAB --variants` for real, on a copy of the basic fixture lab: variants that get what
they declare, one that does not (a surprise, exit 1), a variant in two places, a flaky check caught
by --repeat, and nothing left behind."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from labctl.backends.compose import leftovers
from labctl.cli.app import run

pytestmark = pytest.mark.docker

FLIP = '''

def test_flips(host):
    """Passes on every other grading: the kind of check --repeat exists to catch."""
    n = host("workspace").run("n=$(cat /tmp/flip 2>/dev/null || echo 0); echo $((n + 1)) > /tmp/flip; echo $n")
    assert int(n.stdout.strip()) % 2 == 0, "odd grading"
'''


def variant(lab: Path, rel: str, text: str) -> None:
    path = lab / "variants" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


@pytest.fixture
def lab(fixture_labs: Path, tmp_path: Path) -> Path:
    target = tmp_path / "basic"
    shutil.copytree(fixture_labs / "basic", target)
    variant(target, "greeting/printf.sh", "#!/bin/bash\n# expect: pass\n# why: printf instead of echo\n"
            "printf '%s\\n' \"$LAB_PARAM_GREETING\" > /srv/greeting.txt\n")
    variant(target, "greeting/shouting.sh", "#!/bin/bash\n# expect: fail\n# why: the greeting in capitals\n"
            "# feedback: expected '.*', found\n"
            "echo \"$LAB_PARAM_GREETING\" | tr a-z A-Z > /srv/greeting.txt\n")
    variant(target, "page/two-places.sh", "#!/bin/bash\n# expect: pass\n# why: written in the workspace, checked in web\n"
            "# run_in: workspace\necho \"<p>magic: $LAB_PARAM_MAGIC</p>\" > /srv/magic.html\n"
            "# == run_in: web ==\ngrep -q magic /srv/magic.html\n"
            "# == run_in: host ==\ndocker exec \"$LABCTL_CONTAINER_WEB\" test -f /srv/magic.html\n")
    variant(target, "page/mislabelled.sh", "#!/bin/bash\n# expect: pass\n# why: a wrong page its author thinks right\n"
            "# run_in: web\necho '<p>no number here</p>' > /srv/magic.html\n")
    return target


def test_variants_runner(docker_engine: Any, lab: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = run(["test", str(lab), "--variants", "--parallel", "2", "--format", "json"])
    result = json.loads(capsys.readouterr().out)["labs"][0]
    assert code == 1 and result["status"] == "failed"
    assert result["selftest"] == []
    assert result["tasks"] == {"greeting": {"correct_ok": 1, "correct": 1, "wrong_ok": 1, "wrong": 1},
                               "page": {"correct_ok": 1, "correct": 2, "wrong_ok": 0, "wrong": 0}}
    [surprise] = result["surprises"]
    assert (surprise["task"], surprise["name"]) == ("page", "mislabelled")
    assert surprise["problem"] == "a correct variant lost points: 0/6"
    assert any("expected the page to contain" in f for f in surprise["feedback"])
    # rounds: 0 (fresh + reference), then two rounds (two variants of each task)
    assert [r["index"] for r in result["rounds"]] == [0, 1, 2]
    assert all(r["problems"] == [] and r["seed"] for r in result["rounds"])
    assert any("aim for at least 3 and 4" in note for note in result["notes"])
    for r in result["rounds"]:
        assert leftovers({"io.labctl.lab": "basic", "io.labctl.env": r["env"]}) == \
            {"containers": 0, "networks": 0, "volumes": 0}


def test_repeat_catches_a_flaky_check(docker_engine: Any, lab: Path, capsys: pytest.CaptureFixture[str]) -> None:
    checks = lab / "checks" / "test_greeting.py"
    checks.write_text(checks.read_text() + FLIP)
    code = run(["test", str(lab), "--variants", "--task", "greeting", "--repeat", "2", "--format", "json"])
    result = json.loads(capsys.readouterr().out)["labs"][0]
    assert code == 1
    flaky = {(f["round"], f["check"]) for f in result["flaky"]}
    assert {(r, "test_flips") for r in (0, 1, 2)} <= flaky, result["flaky"]
    assert all(len(f["verdicts"]) == 2 and len(set(f["verdicts"])) == 2 for f in result["flaky"])
    # the table says it too
    code = run(["test", str(lab), "--variants", "--task", "greeting", "--repeat", "2"])
    out = capsys.readouterr().out
    assert code == 1 and "flaky" in out and "test_flips" in out and "FAILED" in out
