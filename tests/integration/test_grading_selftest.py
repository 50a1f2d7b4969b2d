"""`labctl test` proves labs: it passes a sound lab and catches two broken ones."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from labctl.backends.compose import leftovers
from labctl.cli.app import run

pytestmark = pytest.mark.docker


def test_labctl_test_passes_basic_and_catches_two_broken_labs(
    docker_engine: Any, fixture_labs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(["--labs-path", str(fixture_labs), "test", "basic", "fresh-passes", "weak-solution",
                "--format", "json"])
    out = capsys.readouterr().out
    assert code == 1
    data = json.loads(out)
    assert data["ok"] is False
    labs = {r["lab"]: r for r in data["labs"]}
    assert labs["basic"]["status"] == "passed" and labs["basic"]["problems"] == []
    assert (labs["basic"]["fresh_score"], labs["basic"]["solved_score"]) == (0, 10)

    fresh = labs["fresh-passes"]
    assert fresh["status"] == "failed" and fresh["fresh_score"] == 3
    assert fresh["problems"] == [
        "task already scores 3/3 on a fresh env (it should fail); checks already passing: "
        "test_hostname_exists"
    ]
    weak = labs["weak-solution"]
    assert weak["status"] == "failed" and weak["solved_score"] == 4
    assert weak["problems"] == [
        "task weak scores 2/4 after its solution (it should get full marks): expected /tmp/second to exist"
    ]
    for r in data["labs"]:  # every test env was removed
        assert leftovers({"io.labctl.lab": r["lab"], "io.labctl.env": r["env"]}) == \
            {"containers": 0, "networks": 0, "volumes": 0}


def test_labctl_test_input_errors(fixture_labs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--labs-path", str(fixture_labs), "test"]) == 2
    assert "name the labs to test, or pass --all" in capsys.readouterr().err
    assert run(["--labs-path", str(fixture_labs), "test", "basic", "--all"]) == 2
    assert run(["--labs-path", str(fixture_labs), "test", "no-such-lab"]) == 2


SOLUTION_LAB = """
id: solvelab
title: A lab whose host-side solutions report what they get
phase: 0
parameters:
  - {name: user_name, default: alice}
  - {name: debug, type: bool, default: true}
environment:
  compose: {template: compose.yaml.j2, workspace: box, ports: [{name: web, service: box, target: 80}]}
tasks:
  - id: good
    title: Good
    points: 1
    instructions: tasks/t.md
    checks: [checks/test_t.py]
    solution: {script: solution/good.sh, run_in: host}
  - id: bad
    title: Bad
    points: 1
    instructions: tasks/t.md
    checks: [checks/test_t.py]
    solution: {script: solution/bad.sh, run_in: host}
"""


def test_solutions_get_their_variables_and_failures_say_why(
    docker_engine: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from labctl.core.environment import workdir_for
    from labctl.core.solve import solve
    from labctl.env.record import EnvRecord, EnvStatus
    from labctl.errors import LabctlError
    from labctl.spec.loader import load_lab_dir
    from labctl.state import Store

    lab_dir = tmp_path / "solvelab"
    for sub in ("templates", "tasks", "checks", "solution"):
        (lab_dir / sub).mkdir(parents=True)
    (lab_dir / "lab.yaml").write_text(SOLUTION_LAB)
    (lab_dir / "templates" / "compose.yaml.j2").write_text("services:\n  box:\n    image: x\n")
    (lab_dir / "tasks" / "t.md").write_text("# t\n")
    (lab_dir / "checks" / "test_t.py").write_text("def test_t():\n    pass\n")
    (lab_dir / "solution" / "good.sh").write_text(
        'echo "$LAB_PARAM_USER_NAME $LAB_PARAM_DEBUG $LAB_PORT_WEB $LABCTL_ENV $LABCTL_LAB" > vars.txt\n'
        'pwd >> vars.txt\n')
    (lab_dir / "solution" / "bad.sh").write_text("echo working on it\necho 'no such thing' >&2\nexit 3\n")
    lab = load_lab_dir(lab_dir)
    store = Store(tmp_path / "state.db")
    workdir = workdir_for("solvelab", "s1")
    store.save_env(EnvRecord(lab="solvelab", name="s1", status=EnvStatus.UP, seed="x", workdir=str(workdir),
                             params={"user_name": "alice", "debug": True}, ports={"web": 41234}))

    (result,) = solve(store, lab, "s1", "good")
    assert result.ran and result.run_in == "host"
    lines = (workdir / "workspace" / "vars.txt").read_text().splitlines()
    assert lines == ["alice true 41234 s1 solvelab", str(workdir / "workspace")]
    assert store.solved_tasks("solvelab", "s1") == {"good"}

    with pytest.raises(LabctlError) as info:
        solve(store, lab, "s1")
    assert "the solution of task bad (solution/bad.sh) failed with exit code 3" in info.value.message
    assert info.value.details is not None and "no such thing" in info.value.details
    assert store.solved_tasks("solvelab", "s1") == {"good"}


def test_grading_an_env_that_does_not_exist_or_is_down(
    fixture_labs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(["--labs-path", str(fixture_labs), "grade", "basic", "--env", "nope"])
    assert code == 2 and "lab basic has no env 'nope'" in capsys.readouterr().err
    code = run(["--labs-path", str(fixture_labs), "grade", "basic", "--task", "nope"])
    assert code == 2 and "no task 'nope'; its tasks: greeting, page" in capsys.readouterr().err
    code = run(["--labs-path", str(fixture_labs), "solve", "basic", "--env", "nope"])
    assert code == 2 and "has no env 'nope'" in capsys.readouterr().err
