"""Which task a check belongs to: markers, node ids, files."""

from __future__ import annotations

import pytest

from labctl.grading.context import TaskChecks
from labctl.grading.mapping import MappingError, assign, check_files

TASKS = [
    TaskChecks("users", ["checks/test_users.py"]),
    TaskChecks("web", ["./checks/test_web.py::test_port", "checks/test_web.py::TestPage"]),
    TaskChecks("both-a", ["checks/test_shared.py"]),
    TaskChecks("both-b", ["checks/test_shared.py", "checks/test_shared.py::test_b"]),
]


def test_a_file_entry_takes_every_check_in_it() -> None:
    assert assign("checks/test_users.py", "test_x", TASKS) == "users"
    assert assign("checks/test_users.py", "test_x[param-1]", TASKS) == "users"


def test_node_ids_match_functions_parametrized_ids_and_classes() -> None:
    assert assign("checks/test_web.py", "test_port", TASKS) == "web"
    assert assign("checks/test_web.py", "test_port[8080]", TASKS) == "web"
    assert assign("checks/test_web.py", "TestPage::test_title", TASKS) == "web"
    assert assign("checks/test_web.py", "test_port_other", TASKS) is None
    assert assign("checks/test_web.py", "test_unlisted", TASKS) is None


def test_a_node_id_wins_over_a_file_listed_elsewhere() -> None:
    assert assign("checks/test_shared.py", "test_b", TASKS) == "both-b"


def test_a_file_under_two_tasks_needs_a_marker() -> None:
    with pytest.raises(MappingError, match=r"under several tasks \(both-a, both-b\).*pytest.mark.task"):
        assign("checks/test_shared.py", "test_a", TASKS)
    assert assign("checks/test_shared.py", "test_a", TASKS, marker_task="both-a") == "both-a"


def test_a_marker_naming_an_unknown_task_is_an_error() -> None:
    with pytest.raises(MappingError, match="no such task; its tasks: users, web"):
        assign("checks/test_users.py", "test_x", TASKS, marker_task="nope")


def test_unlisted_files_belong_to_no_task() -> None:
    assert assign("checks/test_other.py", "test_x", TASKS) is None


def test_check_files_are_distinct_normalized_and_filtered() -> None:
    assert check_files(TASKS) == ["checks/test_users.py", "checks/test_web.py", "checks/test_shared.py"]
    assert check_files(TASKS, only_tasks=["web"]) == ["checks/test_web.py"]
