"""Roadmaps: which labs teach each step, how much of a roadmap labs cover, and a learner's
progress along it (the best score per step, from the grades in the state store)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from labctl.errors import LabctlError
from labctl.spec.loader import Lab, discover, load_lab_dir
from labctl.spec.roadmap import RoadmapFile, check_refs, load_roadmap
from labctl.spec.roadmap import discover as discover_roadmaps
from labctl.state import Store


def load_all(roadmap_search: list[Path]) -> list[RoadmapFile]:
    return [load_roadmap(path) for path in discover_roadmaps(roadmap_search).values()]


def validate(rf: RoadmapFile, lab_search: list[Path]) -> None:
    check_refs(rf, discover(lab_search))


def _labs(rf: RoadmapFile, lab_search: list[Path]) -> dict[str, Lab | None]:
    found = discover(lab_search)
    out: dict[str, Lab | None] = {}
    for lab_id in rf.roadmap.lab_ids():
        try:
            out[lab_id] = load_lab_dir(found[lab_id], check_files=False) if lab_id in found else None
        except LabctlError:
            out[lab_id] = None
    return out


def coverage(rf: RoadmapFile) -> dict[str, int]:
    counts = {"steps": len(rf.roadmap.steps), "covered": 0, "partial": 0, "none": 0}
    for step in rf.roadmap.steps:
        counts[step.coverage] += 1
    return counts


def _ref_tasks(ref: str, labs: dict[str, Lab | None]) -> list[tuple[str, str, int]]:
    """(lab, task, points) that a reference stands for."""
    lab_id, _, task_id = ref.partition(":")
    lab = labs.get(lab_id)
    if lab is None:
        return []
    return [(lab_id, t.id, t.points) for t in lab.spec.tasks if not task_id or t.id == task_id]


def describe(rf: RoadmapFile, lab_search: list[Path]) -> dict[str, Any]:
    """The roadmap with each step's labs resolved (titles, missing labs) and coverage."""
    labs = _labs(rf, lab_search)
    steps = []
    for n, step in enumerate(rf.roadmap.steps, 1):
        refs = []
        for ref in step.labs:
            lab_id, _, task_id = ref.partition(":")
            lab = labs.get(lab_id)
            title = ""
            if lab is not None:
                task = lab.spec.task(task_id) if task_id else None
                title = task.title if task is not None else lab.spec.title
            refs.append({"ref": ref, "lab": lab_id, "task": task_id or None, "title": title,
                         "found": lab is not None})
        steps.append({"n": n, "id": step.id, "title": step.title, "topics": list(step.topics),
                      "coverage": step.coverage, "labs": refs, "gap": step.gap})
    r = rf.roadmap
    return {"id": r.id, "title": r.title, "summary": r.summary, "source": r.source,
            "path": str(rf.path), "coverage": coverage(rf), "steps": steps}


def progress(store: Store, rf: RoadmapFile, lab_search: list[Path], env: str | None = None) -> dict[str, Any]:
    """The learner's best score per step: for every task a step stands for, the best score it
    got in any grading run (of any env of that lab, or of `env`); tasks the reference solution
    solved (`labctl solve`) count nothing."""
    labs = _labs(rf, lab_search)
    best: dict[tuple[str, str], float] = {}
    last: dict[str, float] = {}
    for lab_id in labs:
        for run in store.lab_grades(lab_id, env):
            last[lab_id] = run.graded_at
            for task in run.report.get("tasks", []):
                if task.get("solved_by_solution"):
                    continue
                key = (lab_id, str(task.get("id")))
                best[key] = max(best.get(key, 0.0), float(task.get("score", 0.0)))
    steps = []
    totals = [0.0, 0.0]
    for n, step in enumerate(rf.roadmap.steps, 1):
        tasks = list(dict.fromkeys(t for ref in step.labs for t in _ref_tasks(ref, labs)))
        score = sum(min(best.get((lab, task), 0.0), points) for lab, task, points in tasks)
        max_score = float(sum(points for _, _, points in tasks))
        graded = [last[lab] for lab in step.lab_ids() if lab in last]
        steps.append({
            "n": n, "id": step.id, "title": step.title, "coverage": step.coverage,
            "labs": list(step.labs), "score": round(score, 2), "max_score": max_score,
            "percent": round(100 * score / max_score, 1) if max_score else None,
            "last_graded_at": max(graded) if graded else None, "gap": step.gap,
        })
        totals[0] += score
        totals[1] += max_score
    return {"roadmap": rf.id, "title": rf.roadmap.title, "env": env, "steps": steps,
            "score": round(totals[0], 2), "max_score": totals[1],
            "percent": round(100 * totals[0] / totals[1], 1) if totals[1] else None}
