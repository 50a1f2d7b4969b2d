"""Roadmaps as data: the shipped roadmaps, the model's errors at file:line, the search path,
the CLI (list, show, progress, list --roadmap, validate) and progress from stored grades."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from labctl.cli.app import run
from labctl.spec.roadmap import Roadmap, discover, load_roadmap, roadmap_schema_text

REPO = Path(__file__).resolve().parents[2]
ROADMAPS = REPO / "roadmaps"
SHIPPED = {"devops": 27, "devops-specialization": 25, "python-devops": 8, "sre": 12}


def test_committed_schema_matches_model() -> None:
    assert (REPO / "docs" / "roadmap.schema.json").read_text() == roadmap_schema_text(), (
        "run `make schema` and commit docs/roadmap.schema.json")


def test_the_four_roadmaps_ship_with_every_step_covered_or_explained() -> None:
    from labctl.core.roadmaps import validate

    found = discover([ROADMAPS])
    assert set(found) == set(SHIPPED)
    for roadmap_id, steps in SHIPPED.items():
        rf = load_roadmap(found[roadmap_id])
        validate(rf, [REPO / "labs"])
        assert len(rf.roadmap.steps) == steps, roadmap_id
        for step in rf.roadmap.steps:
            assert step.labs or (step.gap and len(step.gap) > 30), f"{roadmap_id}/{step.id}: no lab, no reason"


def _write(tmp_path: Path, text: str, name: str = "course.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


GOOD = """\
id: course
title: A course
steps:
  - id: basics
    title: Basics
    labs: [phase1]
  - id: slos
    title: SLOs
    labs: [slo:sli, slo:burnrate]
    gap: latency SLOs per route are not covered
  - id: mesh
    title: Service mesh
    gap: no mesh runs offline here
"""


@pytest.mark.parametrize(("text", "expected"), [
    (GOOD.replace("labs: [phase1]", "labs: [phase1, nope-lab]"), "course.yaml:6 (field 'steps[0].labs[1]'): step 'basics' names lab 'nope-lab'"),
    (GOOD.replace("slo:burnrate", "slo:burn"), "course.yaml:9 (field 'steps[1].labs[1]'): step 'slos' names task 'burn' of lab slo"),
    (GOOD.replace("    gap: no mesh runs offline here\n", ""), "field 'steps[2]'): a step with no lab needs a gap"),
    (GOOD.replace("id: slos", "id: basics"), "course.yaml:7 (field 'steps[1].id'): duplicate step id 'basics'"),
    (GOOD.replace("id: course", "id: other"), "course.yaml:1 (field 'id'): id 'other' does not match the file name"),
    (GOOD.replace("    title: Basics\n", "    title: Basics\n    lab: [phase1]\n"), "course.yaml:6 (field 'steps[0].lab'): unknown field"),
    (GOOD.replace("labs: [phase1]", "labs: [Phase 1]"), "'Phase 1' is not a lab reference"),
])
def test_bad_roadmap_is_rejected_at_file_and_line(tmp_path: Path, text: str, expected: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, text)
    code = run(["validate", str(path)])
    err = " ".join(capsys.readouterr().err.split())
    assert code == 2, err
    assert "Traceback" not in err
    assert expected in err, err


def test_good_roadmap_validates_and_coverage_counts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, GOOD)
    assert run(["validate", str(path)]) == 0
    assert [s.coverage for s in load_roadmap(path).roadmap.steps] == ["covered", "partial", "none"]
    capsys.readouterr()
    assert run(["--roadmaps-path", str(tmp_path), "roadmap", "list", "--format", "json"]) == 0
    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["course"]["coverage"] == {"steps": 3, "covered": 1, "partial": 1, "none": 1}
    assert set(SHIPPED) <= set(rows), "the built-in roadmaps are still listed"


def test_roadmaps_path_env_var_wins_over_builtin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    _write(tmp_path, GOOD.replace("id: course", "id: sre"), "sre.yaml")
    monkeypatch.setenv("LABCTL_ROADMAPS_PATH", str(tmp_path))
    assert run(["roadmap", "show", "sre", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["title"] == "A course" and data["path"] == str((tmp_path / "sre.yaml").resolve())


def test_show_lists_every_step_with_its_labs_or_reason(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["roadmap", "show", "sre", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [s["n"] for s in data["steps"]] == list(range(1, 13))
    capacity = next(s for s in data["steps"] if s["id"] == "capacity")
    assert [r["ref"] for r in capacity["labs"]][:3] == ["slo:loadtest", "slo:capacity", "slo:report"]
    assert capacity["labs"][1]["title"] == "Find the shop's capacity"
    linkerd = next(s for s in data["steps"] if s["id"] == "linkerd")
    assert linkerd["coverage"] == "none" and "offline" in linkerd["gap"]
    assert run(["roadmap", "show", "sre"]) == 0
    assert "Linkerd" in capsys.readouterr().out


def test_unknown_roadmap_names_close_matches(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["roadmap", "show", "sre2"]) == 2
    assert "Did you mean: sre" in " ".join(capsys.readouterr().err.split())


def test_list_filtered_by_roadmap_in_its_order(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["list", "--roadmap", "sre", "--format", "json"]) == 0
    ids = [r["id"] for r in json.loads(capsys.readouterr().out)]
    assert ids == ["phase6", "phase4", "phase3", "phase2", "phase3-k8s", "deploy", "phase5", "slo", "incident", "aiops"]
    assert run(["list", "--roadmap", "nope"]) == 2


def _grade(store: object, lab: str, env: str, tasks: dict[str, tuple[float, float]], solved: tuple[str, ...] = ()) -> None:
    report = {"lab": lab, "env": env, "tasks": [
        {"id": t, "score": s, "max_score": m, "passed": s == m, "solved_by_solution": t in solved}
        for t, (s, m) in tasks.items()]}
    store.add_grade(lab, env, sum(s for s, _ in tasks.values()), sum(m for _, m in tasks.values()), report)  # type: ignore[attr-defined]


def test_progress_is_the_best_score_per_step(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from labctl.cli import common
    from labctl.state import Store

    path = _write(tmp_path, GOOD)
    store = Store(tmp_path / "state.db")
    common._store = store
    try:
        # Two envs of slo, graded at different times; the best of each task counts.
        _grade(store, "slo", "default", {"sli": (20, 20), "burnrate": (10, 25)})
        _grade(store, "slo", "second", {"sli": (5, 20), "burnrate": (25, 25)})
        # phase1: a task the reference solution solved counts nothing.
        _grade(store, "phase1", "default", {"users": (10, 10), "backup": (15, 15)}, solved=("backup",))
        assert run(["roadmap", "progress", str(path), "--format", "json"]) == 0
        data = json.loads(capsys.readouterr().out)
        steps = {s["id"]: s for s in data["steps"]}
        assert (steps["slos"]["score"], steps["slos"]["max_score"]) == (45, 45)
        assert steps["slos"]["percent"] == 100.0
        assert steps["basics"]["score"] == 10 and steps["basics"]["max_score"] == 100
        assert steps["mesh"]["max_score"] == 0 and steps["mesh"]["percent"] is None
        assert data["score"] == 55 and data["max_score"] == 145

        assert run(["roadmap", "progress", str(path), "--env", "default", "--format", "json"]) == 0
        steps = {s["id"]: s for s in json.loads(capsys.readouterr().out)["steps"]}
        assert steps["slos"]["score"] == 30
        assert run(["roadmap", "progress", str(path)]) == 0
        assert "no lab yet" in capsys.readouterr().out
    finally:
        common._store = None
        store.close()


def test_every_roadmap_field_is_documented() -> None:
    from labctl.spec.roadmap import RoadmapStep

    doc = (REPO / "docs" / "lab-authoring.md").read_text()
    section = doc[doc.index("## Roadmaps"):]
    for field in [*Roadmap.model_fields, *RoadmapStep.model_fields]:
        assert f"{field}:" in section, f"docs/lab-authoring.md's Roadmaps section should show the field {field}"
