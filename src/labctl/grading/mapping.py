"""Which task a check belongs to.

A task's `checks` lists files (`checks/test_users.py`) or node ids
(`checks/test_users.py::test_sudo`, `checks/test_x.py::TestWeb::test_port`).
A `@pytest.mark.task("id")` marker wins over the spec; a node id wins over a
file; a file listed under several tasks needs the marker (or node ids) on
each of its checks, otherwise grading stops with an error naming the check.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence

from labctl.grading.context import TaskChecks


class MappingError(Exception):
    """A lab authoring mistake: a check that belongs to no task or to several."""


def normalize(path: str) -> str:
    return posixpath.normpath(path.replace("\\", "/")).removeprefix("./")


def split_entry(entry: str) -> tuple[str, str | None]:
    """'checks/a.py::test_x' -> ('checks/a.py', 'test_x'); a file -> (file, None)."""
    file, sep, rest = entry.partition("::")
    return normalize(file), (rest if sep else None)


def check_files(tasks: Sequence[TaskChecks], only_tasks: Sequence[str] | None = None) -> list[str]:
    """The distinct check files to hand to pytest, in spec order."""
    files: list[str] = []
    for task in tasks:
        if only_tasks and task.id not in only_tasks:
            continue
        for entry in task.checks:
            file, _ = split_entry(entry)
            if file not in files:
                files.append(file)
    return files


def _node_matches(selector: str, tail: str) -> bool:
    """Does a spec selector ('test_x', 'TestA', 'TestA::test_x') name the collected check `tail`?"""
    if tail == selector:
        return True
    return tail.startswith((selector + "[", selector + "::"))


def assign(
    file: str,
    tail: str,
    tasks: Sequence[TaskChecks],
    marker_task: str | None = None,
) -> str | None:
    """The task id of the check `file::tail`, None if the spec does not list it.

    `file` is relative to the lab folder; `tail` is the node id after the file
    (`test_x`, `test_x[param]`, `TestA::test_x`).
    """
    file = normalize(file)
    ids = [t.id for t in tasks]
    if marker_task is not None:
        if marker_task not in ids:
            raise MappingError(
                f"check {file}::{tail} is marked task('{marker_task}'), but the lab has no such "
                f"task; its tasks: {', '.join(ids)}"
            )
        return marker_task
    by_node: list[str] = []
    by_file: list[str] = []
    for task in tasks:
        for entry in task.checks:
            entry_file, selector = split_entry(entry)
            if entry_file != file:
                continue
            if selector is None:
                if task.id not in by_file:
                    by_file.append(task.id)
            elif _node_matches(selector, tail) and task.id not in by_node:
                by_node.append(task.id)
    for found, how in ((by_node, "by node id"), (by_file, "through its file")):
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise MappingError(
                f"check {file}::{tail} is listed {how} under several tasks ({', '.join(found)}); "
                f"mark it with @pytest.mark.task(\"...\") or list node ids "
                f"({file}::{tail.split('[')[0]}) in one task only"
            )
    return None
