"""Solution variants: header parsing (errors at file:line), validation against the lab, packing
into rounds, the expectation each variant is judged by, and flaky-check detection. No Docker."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from labctl.cli.app import run
from labctl.core.variants import Round, find_flakes, judge, pack, sample
from labctl.errors import SpecError
from labctl.grading.scoring import CheckResult, build_report, score_task
from labctl.spec.loader import load_lab_dir
from labctl.spec.variants import load_variants, parse_header, script_text


@pytest.fixture
def lab_dir(fixture_labs: Path, tmp_path: Path) -> Path:
    """A copy of the basic fixture lab (tasks greeting, page) to add variants to."""
    target = tmp_path / "basic"
    shutil.copytree(fixture_labs / "basic", target)
    return target


def write(lab_dir: Path, rel: str, text: str) -> Path:
    path = lab_dir / "variants" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def load(lab_dir: Path) -> list:
    lab = load_lab_dir(lab_dir)
    return load_variants(lab.path, lab.spec)


GOOD = """#!/usr/bin/env bash
# expect: fail          # fewer than full points
# why: writes the greeting with a trailing space: the learner's editor
# run_in: web
# needs: page
# feedback: expected '.*', found
# feedback: (?i)greeting
# params: magic=123, color=red
set -euo pipefail
echo "$LAB_PARAM_GREETING " > /srv/greeting.txt
"""


# -- headers -----------------------------------------------------------------------


def test_a_full_header_parses(lab_dir: Path) -> None:
    write(lab_dir, "greeting/trailing-space.sh", GOOD)
    [v] = load(lab_dir)
    assert (v.task, v.name, v.id) == ("greeting", "trailing-space", "greeting/trailing-space")
    h = v.header
    assert h.expect == "fail" and not v.expect_pass
    assert h.why == "writes the greeting with a trailing space: the learner's editor"
    assert h.run_in == "web" and h.needs == ["page"]
    assert h.feedback == ["expected '.*', found", "(?i)greeting"]
    assert h.params == {"magic": "123", "color": "red"}
    assert v.lines["run_in"] == 4 and v.lines["feedback"] == 6
    [part] = v.parts
    assert part.run_in == "web" and part.line == 9 and part.script.startswith("set -euo pipefail")


def test_defaults_come_from_the_task(lab_dir: Path) -> None:
    write(lab_dir, "greeting/ok.sh", "# expect: pass\n# why: the reference, with printf\nprintf x\n")
    write(lab_dir, "page/ok.sh", "#!/bin/bash\n# expect: pass\n# why: echo\n\n# note: free text here\necho\n")
    greeting, page = load(lab_dir)
    lab = load_lab_dir(lab_dir)
    assert greeting.run_in(lab.spec) == "workspace" and greeting.header.needs == []
    assert page.run_in(lab.spec) == "web"  # the page task's solution runs in web
    assert not greeting.header.alone and greeting.header.params == {}


def test_parts_run_in_several_places(lab_dir: Path) -> None:
    write(lab_dir, "_lib/common.sh", "helper() { echo hi; }\n")
    write(lab_dir, "greeting/two-places.sh",
          "# expect: pass\n# why: two machines\n# include: _lib/common.sh\n"
          "echo one\n# == run_in: web ==\necho two\n# ==== run_in: host ====\necho three\n")
    [v] = load(lab_dir)
    assert [(p.run_in, p.line, p.declared) for p in v.parts] == [("workspace", 4, 1), ("web", 6, 5), ("host", 8, 7)]
    lab = load_lab_dir(lab_dir)
    text = script_text(lab.path, v, v.parts[1])
    assert text.startswith("helper() { echo hi; }") and text.rstrip().endswith("echo two")


@pytest.mark.parametrize(("text", "line", "words"), [
    ("#!/bin/bash\n# why: x\necho\n", 1, "no `# expect: pass` or `# expect: fail` line"),
    ("# expect: maybe\n# why: x\n", 1, "should be pass or fail, not 'maybe'"),
    ("# expect: pass\n# exepct: fail\n# why: x\n", 2, "unknown header key 'exepct'"),
    ("# expect: pass\n", 1, "(field 'why'): required header key is missing"),
    ("# expect: pass\n# why: x\n# feedback: nope\n", 1, "feedback: is for variants that expect fail"),
    ("# expect: fail\n# why: x\n# feedback: (unclosed\n", 3, "feedback regex '(unclosed' does not compile"),
    ("# expect: fail\n# why: x\n# alone: sometimes\n", 3, "alone should be true or false"),
    ("# expect: fail\n# why: x\n# expect: pass\n", 3, "'expect' is declared twice (first on line 1)"),
    ("# expect: fail\n# why: x\n# params: magic\n", 3, "params entry 'magic' should be NAME=VALUE"),
    ("# expect: fail\n# why: x\n# run_in: a b\n", 3, "is not a place to run in"),
])
def test_header_errors_point_at_the_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    path = tmp_path / "v.sh"
    path.write_text(text)
    with pytest.raises(SpecError) as info:
        parse_header(path, text)
    assert info.value.line == line, info.value.message
    assert f"{path}:{line}" in info.value.message and words in info.value.message


@pytest.mark.parametrize(("rel", "text", "words"), [
    ("nosuchtask/v.sh", "# expect: pass\n# why: x\n", "the folder nosuchtask/ names no task of lab basic; its tasks: greeting, page"),
    ("greeting/v.sh", "# expect: pass\n# why: x\n# needs: nope\n", "needs names task 'nope'"),
    ("greeting/v.sh", "# expect: pass\n# why: x\n# needs: greeting\n", "cannot need its own task's reference solution"),
    ("greeting/v.sh", "# expect: pass\n# why: x\n# params: nope=1\n", "params pins 'nope', which is no parameter"),
    ("greeting/v.sh", "# expect: pass\n# why: x\n# params: magic=lots\n", "parameter 'magic' is an int"),
    ("greeting/v.sh", "# expect: pass\n# why: x\n# include: _lib/none.sh\n", "include '_lib/none.sh' does not exist"),
    ("loose.sh", "# expect: pass\n# why: x\n", "must be in the folder of its task"),
])
def test_variants_are_checked_against_the_lab(lab_dir: Path, rel: str, text: str, words: str) -> None:
    write(lab_dir, rel, text)
    with pytest.raises(SpecError) as info:
        load(lab_dir)
    assert words in info.value.message
    assert info.value.file.endswith(rel)


def test_validate_checks_run_in_against_the_rendered_services(
    lab_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(lab_dir, "page/v.sh", "# expect: pass\n# why: x\necho\n# == run_in: database ==\necho\n")
    assert run(["validate", str(lab_dir)]) == 2
    err = capsys.readouterr().err
    assert "v.sh:4" in err and "run_in 'database' is no place of lab basic" in err
    assert "host, workspace, web, workspace" in err


def test_bad_variants_are_bad_input_for_labctl_test(lab_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(lab_dir, "page/v.sh", "# expect: pass\n# why: x\n# needs: greeting, nope\n")
    assert run(["test", str(lab_dir), "--variants"]) == 2
    assert "needs names task 'nope'" in capsys.readouterr().err
    assert run(["test", str(lab_dir), "--repeat", "3"]) == 2
    assert "go with --variants" in capsys.readouterr().err


def test_a_lab_without_variants_has_none(lab_dir: Path) -> None:
    assert load(lab_dir) == []


# -- packing ------------------------------------------------------------------------


TASKS = ["a", "b", "c", "d"]


def variant(lab_dir: Path, task: str, name: str, **head: str) -> Path:
    lines = [f"# expect: {head.pop('expect', 'pass')}", f"# why: {name}"]
    lines += [f"# {k}: {v}" for k, v in head.items()]
    return write(lab_dir, f"{task}/{name}.sh", "\n".join(lines) + "\necho\n")


@pytest.fixture
def four_task_lab(tmp_path: Path) -> Path:
    lab = tmp_path / "four"
    (lab / "tasks").mkdir(parents=True)
    (lab / "checks").mkdir()
    (lab / "solution").mkdir()
    (lab / "templates").mkdir()
    (lab / "templates" / "compose.yaml.j2").write_text("services: {box: {image: x}}\n")
    (lab / "tasks" / "t.md").write_text("t\n")
    (lab / "checks" / "test_t.py").write_text("def test_t():\n    pass\n")
    (lab / "solution" / "s.sh").write_text("true\n")
    tasks = "".join(
        f"  - {{id: {t}, title: {t}, points: 1, instructions: tasks/t.md, checks: [checks/test_t.py], "
        f"solution: solution/s.sh}}\n" for t in TASKS)
    (lab / "lab.yaml").write_text(
        "id: four\ntitle: four\nphase: 0\nparameters:\n  - {name: mode, default: x}\n"
        "environment:\n  compose: {workspace: box}\ntasks:\n" + tasks)
    return lab


def rounds_of(lab_dir: Path) -> list[Round]:
    return pack(load(lab_dir), TASKS)


def test_at_most_one_variant_per_task_per_round(four_task_lab: Path) -> None:
    for task, n in (("a", 3), ("b", 1), ("c", 2)):
        for i in range(n):
            variant(four_task_lab, task, f"{task}{i}")
    rounds = rounds_of(four_task_lab)
    assert len(rounds) == 3
    assert [r.tasks for r in rounds] == [["a", "b", "c"], ["a", "c"], ["a"]]
    assert [r.index for r in rounds] == [1, 2, 3]


def many_variants(lab: Path) -> list:
    for task in TASKS:
        for i in range(4):
            variant(lab, task, f"{task}-ok{i}")
            variant(lab, task, f"{task}-bad{i}", expect="fail", feedback="x")
    variant(lab, "b", "b-alone", alone="true")
    return load(lab)


def test_a_sample_takes_correct_and_wrong_in_turn_and_is_the_same_for_a_key(four_task_lab: Path) -> None:
    everything = many_variants(four_task_lab)
    one = sample(everything, TASKS, per_task=1, key="ci")
    assert sorted(v.task for v in one) == TASKS
    assert {v.expect_pass for v in one} == {True, False}  # one per task is still a mix
    two = sample(everything, TASKS, per_task=2, key="ci")
    for task in TASKS:
        assert sorted(v.expect_pass for v in two if v.task == task) == [False, True]
    assert [v.id for v in sample(everything, TASKS, per_task=2, key="ci")] == [v.id for v in two]
    keys = {tuple(v.id for v in sample(everything, TASKS, per_task=2, key=k)) for k in ("a", "b", "c", "d")}
    assert len(keys) > 1  # another key, another sample
    assert not any(v.header.alone for v in two)  # alone variants cost a round: they come last


def test_a_round_budget_fills_rounds_with_tasks_taking_turns(four_task_lab: Path) -> None:
    everything = many_variants(four_task_lab)
    chosen = sample(everything, TASKS, max_rounds=2, key="ci")
    assert len(pack(chosen, TASKS)) == 2
    assert len(chosen) == 8 and sorted({v.task for v in chosen}) == TASKS
    assert len(sample(everything, TASKS, key="ci")) == len(everything)  # no limit: every variant


def test_no_variant_of_a_task_whose_reference_solution_the_round_applies(four_task_lab: Path) -> None:
    variant(four_task_lab, "b", "needs-a", needs="a")
    variant(four_task_lab, "a", "a0")
    variant(four_task_lab, "c", "needs-a-too", needs="a")
    variant(four_task_lab, "d", "needs-c", needs="c")
    rounds = rounds_of(four_task_lab)
    for r in rounds:
        assert not set(r.tasks) & set(r.needs), (r.tasks, r.needs)
        assert len(set(r.tasks)) == len(r.tasks)
    by_variant = {v.name: r for r in rounds for v in r.variants}
    assert by_variant["needs-a"] is by_variant["needs-a-too"]  # both need a: they share a round
    assert by_variant["needs-a"].needs == ["a"]
    assert by_variant["a0"] is not by_variant["needs-a"]
    assert by_variant["needs-c"] is not by_variant["needs-a-too"]  # c's variant vs c's reference


def test_alone_variants_get_a_round_of_their_own(four_task_lab: Path) -> None:
    variant(four_task_lab, "a", "a0")
    variant(four_task_lab, "b", "b-alone", alone="true")
    variant(four_task_lab, "c", "c0")
    rounds = rounds_of(four_task_lab)
    alone = [r for r in rounds if r.alone]
    assert len(alone) == 1 and [v.name for v in alone[0].variants] == ["b-alone"]
    assert sorted(v.name for r in rounds if not r.alone for v in r.variants) == ["a0", "c0"]


def test_pinned_parameters_keep_variants_apart(four_task_lab: Path) -> None:
    variant(four_task_lab, "a", "x", params="mode=x")
    variant(four_task_lab, "b", "y", params="mode=y")
    variant(four_task_lab, "c", "x-too", params="mode=x")
    variant(four_task_lab, "d", "any")
    rounds = rounds_of(four_task_lab)
    by_variant = {v.name: r for r in rounds for v in r.variants}
    assert by_variant["x"] is by_variant["x-too"] and by_variant["x"].params == {"mode": "x"}
    assert by_variant["y"] is not by_variant["x"] and by_variant["y"].params == {"mode": "y"}
    assert len(rounds) == 2


def test_variants_in_a_round_run_in_task_order(four_task_lab: Path) -> None:
    variant(four_task_lab, "d", "d0", needs="b")
    variant(four_task_lab, "a", "a0")
    variant(four_task_lab, "c", "c0")
    [r] = rounds_of(four_task_lab)
    assert [v.task for v in r.variants] == ["a", "c", "d"] and r.needs == ["b"]


# -- expectations ---------------------------------------------------------------------


def task_result(*checks: tuple[str, bool, str], points: float = 10):
    return score_task("greeting", "Greeting", points,
                      [CheckResult(name=n, passed=p, message=m) for n, p, m in checks])


@pytest.fixture
def two(lab_dir: Path) -> dict:
    write(lab_dir, "greeting/right.sh", "# expect: pass\n# why: right\n")
    write(lab_dir, "greeting/wrong.sh", "# expect: fail\n# why: wrong\n# feedback: trailing space\n"
          "# feedback: ^expected\n")
    write(lab_dir, "greeting/wrong-plain.sh", "# expect: fail\n# why: wrong, no feedback asked\n")
    return {v.name: v for v in load(lab_dir)}


def test_a_correct_variant_needs_full_points(two: dict) -> None:
    assert judge(two["right"], task_result(("a", True, ""), ("b", True, ""))) == ""
    assert judge(two["right"], task_result(("a", True, ""), ("b", False, "no"))) == \
        "a correct variant lost points: 5/10"


def test_a_wrong_variant_must_lose_points_with_the_feedback_it_declares(two: dict) -> None:
    full = task_result(("a", True, ""))
    assert judge(two["wrong"], full) == "a wrong variant got full points (10/10)"
    both = task_result(("a", True, ""), ("b", False, "expected 'hi', found 'hi ' (a trailing space)"))
    assert judge(two["wrong"], both) == ""
    one = task_result(("a", True, ""), ("b", False, "the file is missing"), ("c", False, "expected 'hi'"))
    assert judge(two["wrong"], one) == "it lost points (3.33/10), but no failed check says /trailing space/"
    assert judge(two["wrong-plain"], task_result(("a", False, "x"))) == ""


def test_flaky_checks_are_found_across_repeated_gradings() -> None:
    def report(*verdicts: bool):
        checks = [CheckResult(name=f"c{i}", passed=v, message="" if v else f"c{i} broke") for i, v in enumerate(verdicts)]
        return build_report("lab", "env", [score_task("t", "T", 1, checks)])

    steady = [report(True, False), report(True, False), report(True, False)]
    assert find_flakes(steady, 2) == []
    [flake] = find_flakes([report(True, False), report(True, True), report(True, False)], 2)
    assert (flake.round, flake.task, flake.check, flake.verdicts) == (2, "t", "c1", [False, True, False])
    assert flake.messages == ["c1 broke"]
