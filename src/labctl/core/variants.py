"""`labctl test LAB --variants`: prove a lab's checks with its solution variants.

Round 0 is the plain `labctl test` sequence (a fresh env fails every task, the
reference solutions score full). Every other round is a fresh env in which
some variants run and are graded once: at most one variant per task, after the
reference solutions of the tasks they `need`, never a variant of a task whose
reference solution the round applies, and an `alone` variant by itself.
Independent rounds run in parallel (bounded); images are built once first.

A `pass` variant must get full points for its task; a `fail` variant fewer than
full, with every `feedback` regex matching one of that task's failed checks.
With `repeat` > 1 each grading runs that many times, and a check whose verdict
changes is reported as flaky.
"""

from __future__ import annotations

import re
import secrets
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from labctl.env.context import Progress, no_progress
from labctl.errors import LabctlError, UserInputError
from labctl.spec.loader import Lab
from labctl.spec.variants import HOST, Variant, load_variants, script_text, variants_dir

if TYPE_CHECKING:
    from labctl.env.record import EnvRecord
    from labctl.grading.launchers import Launcher
    from labctl.grading.scoring import GradeReport, TaskResult
    from labctl.state import Store

PASSED = "passed"
FAILED = "failed"
ERROR = "error"
UNAVAILABLE = "unavailable"

#: the format's ask: this many alternative-correct and plausible-wrong variants per task
MIN_CORRECT = 3
MIN_WRONG = 4
VARIANT_TIMEOUT = 600.0
#: run on the host after each round, before `down` (optional)
TEARDOWN = "_teardown.sh"


# -- packing ----------------------------------------------------------------------


@dataclass
class Round:
    index: int
    variants: list[Variant] = field(default_factory=list)
    #: tasks whose reference solutions run first, in spec order
    needs: list[str] = field(default_factory=list)
    params: dict[str, str] = field(default_factory=dict)
    alone: bool = False

    @property
    def tasks(self) -> list[str]:
        return [v.task for v in self.variants]

    def accepts(self, variant: Variant) -> bool:
        head = variant.header
        if self.alone or head.alone:
            return not self.variants
        if variant.task in self.tasks or variant.task in self.needs:
            return False
        if any(need in self.tasks for need in head.needs):
            return False
        return all(self.params.get(k, v) == v for k, v in head.params.items())

    def add(self, variant: Variant, task_order: dict[str, int]) -> None:
        self.variants.append(variant)
        self.variants.sort(key=lambda v: (task_order.get(v.task, 0), v.name))
        self.needs = sorted(set(self.needs) | set(variant.header.needs), key=lambda t: task_order.get(t, 0))
        self.params.update(variant.header.params)
        self.alone = self.alone or variant.header.alone


def pack(variants: Sequence[Variant], task_order: Sequence[str]) -> list[Round]:
    """Rounds 1..n: first fit, the most constrained variants first (alone, then most needs)."""
    order = {t: i for i, t in enumerate(task_order)}
    ranked = sorted(variants, key=lambda v: (not v.header.alone, -len(v.header.needs), -len(v.header.params),
                                             order.get(v.task, 0), v.name))
    rounds: list[Round] = []
    for variant in ranked:
        target = next((r for r in rounds if r.accepts(variant)), None)
        if target is None:
            target = Round(index=len(rounds) + 1)
            rounds.append(target)
        target.add(variant, order)
    return rounds


# -- expectations -------------------------------------------------------------------


def failed_messages(task: TaskResult) -> list[str]:
    return [c.message or f"{c.name} failed" for c in task.checks if not c.passed]


def judge(variant: Variant, task: TaskResult) -> str:
    """'' if the variant got what it expects, else what went wrong (one sentence)."""
    full = task.passed and task.score >= task.max_score
    if variant.expect_pass:
        return "" if full else f"a correct variant lost points: {task.score:g}/{task.max_score:g}"
    if full:
        return f"a wrong variant got full points ({task.score:g}/{task.max_score:g})"
    messages = failed_messages(task)
    unmatched = [p for p in variant.header.feedback if not any(re.search(p, m) for m in messages)]
    if unmatched:
        return (f"it lost points ({task.score:g}/{task.max_score:g}), but no failed check says "
                + ", ".join(f"/{p}/" for p in unmatched))
    return ""


# -- results ----------------------------------------------------------------------------


@dataclass
class VariantOutcome:
    task: str
    name: str
    expect: str
    why: str
    round: int
    ok: bool = False
    score: float | None = None
    max_score: float | None = None
    problem: str = ""
    #: the failed checks' messages of its task (what the learner would read)
    feedback: list[str] = field(default_factory=list)


@dataclass
class Flake:
    round: int
    task: str
    check: str
    #: the verdict of each repeated grading, in order
    verdicts: list[bool]
    messages: list[str] = field(default_factory=list)


@dataclass
class RoundResult:
    index: int
    env: str
    seed: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    variants: list[str] = field(default_factory=list)
    needs: list[str] = field(default_factory=list)
    duration: float = 0.0
    problems: list[str] = field(default_factory=list)
    kept: bool = False


@dataclass
class VariantsResult:
    lab: str
    status: str = PASSED
    duration: float = 0.0
    repeat: int = 1
    parallel: int = 1
    rounds: list[RoundResult] = field(default_factory=list)
    outcomes: list[VariantOutcome] = field(default_factory=list)
    flaky: list[Flake] = field(default_factory=list)
    #: round 0: the fresh env and the reference solutions
    selftest: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    tasks: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status in (PASSED, UNAVAILABLE)

    @property
    def surprises(self) -> list[VariantOutcome]:
        return [o for o in self.outcomes if not o.ok]

    def counts(self) -> dict[str, dict[str, int]]:
        """task -> correct accepted / correct total / wrong rejected / wrong total."""
        table = {t: {"correct_ok": 0, "correct": 0, "wrong_ok": 0, "wrong": 0} for t in self.tasks}
        for o in self.outcomes:
            row = table.setdefault(o.task, {"correct_ok": 0, "correct": 0, "wrong_ok": 0, "wrong": 0})
            kind = "correct" if o.expect == "pass" else "wrong"
            row[kind] += 1
            row[f"{kind}_ok"] += int(o.ok)
        return table

    def to_dict(self) -> dict[str, Any]:
        return {
            "lab": self.lab, "status": self.status, "ok": self.ok, "duration": round(self.duration, 2),
            "repeat": self.repeat, "parallel": self.parallel, "tasks": self.counts(),
            "selftest": self.selftest, "missing": self.missing, "notes": self.notes,
            "variants": [asdict(o) for o in self.outcomes],
            "surprises": [asdict(o) for o in self.surprises],
            "flaky": [asdict(f) for f in self.flaky],
            "rounds": [asdict(r) for r in self.rounds],
        }


# -- running a round ------------------------------------------------------------------


class _Runner:
    def __init__(self, store: Store, lab: Lab, *, repeat: int, keep: bool, seed: str | None,
                 progress: Progress, launcher: Launcher | None, only_task: str | None):
        self.store, self.lab = store, lab
        self.repeat, self.keep, self.seed = max(1, repeat), keep, seed
        self.launcher, self.only_task = launcher, only_task
        self.run_id = secrets.token_hex(3)
        self._lock = threading.Lock()
        self._allocating = threading.Lock()
        self._progress = progress
        self.images: dict[str, str] = {}

    def progress(self, msg: str) -> None:
        with self._lock:
            self._progress(msg)

    def env_name(self, index: int) -> str:
        return f"variants-{self.run_id}-r{index}"

    # -- env lifecycle

    def up(self, env: str, params: dict[str, str]) -> EnvRecord:
        from labctl.core import lifecycle
        from labctl.core.environment import EnvOptions, new_record

        opts = EnvOptions(seed=self.seed, overrides=dict(params) or None)
        with self._allocating:  # ports are chosen from what the store holds: one env at a time
            record = new_record(self.store, self.lab, env, opts)
            if self.images:
                record.data.images = dict(self.images)
            self.store.save_env(record)
        return lifecycle.up(self.store, self.lab, env, opts).record

    def down(self, env: str) -> str:
        from labctl.core import lifecycle

        try:
            lifecycle.down(self.store, self.lab, env)
        except LabctlError as exc:
            return f"down: {exc.message}"
        return ""

    def grade(self, env: str, tasks: list[str] | None, round_index: int,
              flaky: list[Flake]) -> GradeReport:
        from labctl.core.grade import grade

        reports = [grade(self.store, self.lab, env, task=tasks, save=False, launcher=self.launcher)
                   for _ in range(self.repeat)]
        if len(reports) > 1:
            flaky += find_flakes(reports, round_index)
        return reports[0]

    # -- round 0

    def round_zero(self, solved: threading.Event) -> tuple[RoundResult, list[Flake]]:
        """Up, grade (all must fail), the reference solutions, grade (all must be full). `solved`
        is set once the reference solutions ran (or failed). The env is left up: `teardown`
        removes it after every other round, so what its solutions built (images, build cache)
        stays warm for them."""
        from labctl.core.selftest import fresh_problems, solved_problems
        from labctl.core.solve import solve

        env = self.env_name(0)
        result = RoundResult(index=0, env=env, variants=["(fresh env)", "(reference solutions)"])
        flaky: list[Flake] = []
        started = time.monotonic()
        tasks = [self.only_task] if self.only_task else None
        step = "up"
        try:
            self.progress(f"round 0: up (env {env})")
            record = self.up(env, {})
            result.seed, result.params = record.seed, dict(record.params)
            step = "grade-fresh"
            result.problems += fresh_problems(self.grade(env, tasks, 0, flaky))
            step = "solve"
            self.progress("round 0: the reference solutions")
            for done in solve(self.store, self.lab, env):
                if not done.ran:
                    result.problems.append(f"task {done.task} has no reference solution")
            solved.set()
            step = "grade-solved"
            result.problems += solved_problems(self.grade(env, tasks, 0, flaky))
        except LabctlError as exc:
            result.problems.append(f"{step}: {exc.message}" + (f" {exc.details.strip()}" if exc.details else ""))
        except Exception as exc:  # a surprise in one round is reported, never left half up
            result.problems.append(f"{step}: {type(exc).__name__}: {exc}")
        finally:
            solved.set()
            result.duration = time.monotonic() - started
            self.progress(f"round 0: graded in {result.duration:.0f}s"
                          + (f" ({len(result.problems)} problem(s))" if result.problems else ""))
        return result, flaky

    def teardown(self, result: RoundResult) -> None:
        if self.keep:
            result.kept = True
            return
        problem = self.lab_teardown(result.env)
        if problem:
            result.problems.append(problem)
        problem = self.down(result.env)
        if problem:
            result.problems.append(problem)

    def lab_teardown(self, env: str) -> str:
        """variants/_teardown.sh, if the lab has one: on the host, before `down`, for what a
        round made that labctl's labels do not cover (phase3: the learner's own Compose project)."""
        from labctl.core.environment import context
        from labctl.core.solve import host_run, solution_env
        from labctl.errors import CommandTimeout

        script = variants_dir(self.lab.path) / TEARDOWN
        record = self.store.get_env(self.lab.id, env)
        if not script.is_file() or record is None:
            return ""
        ctx = context(self.lab, record)
        try:
            host_run(ctx, script.read_text(encoding="utf-8"), solution_env(ctx), timeout=120,
                     what=f"variants/{TEARDOWN}")
        except (LabctlError, CommandTimeout) as exc:
            return exc.message
        return ""

    def finish(self, result: RoundResult, started: float) -> None:
        self.teardown(result)
        result.duration = time.monotonic() - started
        self.progress(f"round {result.index}: done in {result.duration:.0f}s"
                      + (f" ({len(result.problems)} problem(s))" if result.problems else ""))

    # -- rounds 1..n

    def run_round(self, rnd: Round) -> tuple[RoundResult, list[VariantOutcome], list[Flake]]:
        from labctl.core.solve import solve

        env = self.env_name(rnd.index)
        result = RoundResult(index=rnd.index, env=env, variants=[v.id for v in rnd.variants], needs=list(rnd.needs))
        outcomes = {v.id: VariantOutcome(v.task, v.name, v.header.expect, v.header.why, rnd.index)
                    for v in rnd.variants}
        flaky: list[Flake] = []
        started = time.monotonic()
        step = "up"
        try:
            self.progress(f"round {rnd.index}: up (env {env}): {', '.join(result.variants)}")
            record = self.up(env, rnd.params)
            result.seed, result.params = record.seed, dict(record.params)
            for need in rnd.needs:
                step = f"the reference solution of {need}"
                solve(self.store, self.lab, env, need, record=record)
            ran: list[Variant] = []
            broken: list[str] = []
            for variant in rnd.variants:
                problem = self.run_variant(record, variant)
                if problem:
                    outcomes[variant.id].problem = problem
                    broken.append(variant.id)
                else:
                    ran.append(variant)
            if ran:
                step = "grading"
                report = self.grade(env, [v.task for v in ran], rnd.index, flaky)
                for variant in ran:
                    task = report.task(variant.task)
                    out = outcomes[variant.id]
                    out.score, out.max_score = task.score, task.max_score
                    out.feedback = failed_messages(task)
                    out.problem = judge(variant, task)
                    out.ok = not out.problem
                    if out.problem and broken:  # a round-mate that failed half-way may be the cause
                        out.problem += f" (in this round {', '.join(broken)} failed to apply)"
        except Exception as exc:  # a surprise in one round is reported, never left half up
            if isinstance(exc, LabctlError):
                message = f"{step}: {exc.message}" + (f" {exc.details.strip()}" if exc.details else "")
            else:
                message = f"{step}: {type(exc).__name__}: {exc}"
            result.problems.append(message)
            for out in outcomes.values():
                if not out.ok and not out.problem:
                    out.problem = f"round {rnd.index} failed at {message}"
        finally:
            self.finish(result, started)
        return result, list(outcomes.values()), flaky

    def run_variant(self, record: EnvRecord, variant: Variant) -> str:
        """Run every part of a variant; '' when it ran, else why it could not."""
        from labctl.core.environment import context
        from labctl.core.solve import containers, exec_in, host_run, resolve_service, solution_env
        from labctl.errors import CommandFailed, CommandTimeout

        ctx = context(self.lab, record)
        names = containers(ctx)
        env_vars = solution_env(ctx)
        env_vars |= {f"LABCTL_CONTAINER_{svc.upper().replace('-', '_')}": name for svc, name in names.items()}
        for part in variant.parts:
            what = f"variant {variant.id} (line {part.line}, run_in {part.run_in})"
            try:
                script = script_text(self.lab.path, variant, part)
                if part.run_in == HOST:
                    host_run(ctx, script, env_vars, timeout=VARIANT_TIMEOUT, what=what)
                else:
                    service = resolve_service(ctx, part.run_in)
                    exec_in(ctx, service, script, env_vars, timeout=VARIANT_TIMEOUT, what=what)
            except CommandFailed as exc:
                tail = " | ".join((exc.stdout + exc.stderr).strip().splitlines()[-4:])
                return f"the script failed (exit {exc.returncode}) at line {part.line} in {part.run_in}: {tail}"
            except CommandTimeout:
                return f"the script did not finish within {VARIANT_TIMEOUT:.0f} s"
            except LabctlError as exc:
                return exc.message
        return ""



def find_flakes(reports: Sequence[GradeReport], round_index: int) -> list[Flake]:
    """Checks whose verdict differs between repeated gradings of the same env."""
    verdicts: dict[tuple[str, str], list[bool]] = {}
    messages: dict[tuple[str, str], list[str]] = {}
    for report in reports:
        for task in report.tasks:
            for check in task.checks:
                key = (task.id, check.name)
                verdicts.setdefault(key, []).append(check.passed)
                if not check.passed and check.message not in messages.setdefault(key, []):
                    messages[key].append(check.message)
    return [Flake(round_index, task, check, v, messages.get((task, check), []))
            for (task, check), v in verdicts.items() if len(set(v)) > 1 or len(v) != len(reports)]


# -- the whole run ------------------------------------------------------------------


def count_by_task(variants: Sequence[Variant], tasks: Sequence[str]) -> dict[str, dict[str, int]]:
    """task -> how many correct and wrong variants it has."""
    return {t: {"correct": sum(1 for v in variants if v.task == t and v.expect_pass),
                "wrong": sum(1 for v in variants if v.task == t and not v.expect_pass)} for t in tasks}


def sample(variants: Sequence[Variant], task_order: Sequence[str], *, per_task: int = 0, max_rounds: int = 0,
           key: str = "") -> list[Variant]:
    """A sample of the variants for a run with a time budget (CI): at most `per_task` of each
    task and at most as many as fit in `max_rounds` rounds (0: no such limit). Tasks take turns,
    each giving correct and wrong variants in turn (which side comes first alternates from task
    to task, so one per task is still a mix), each side in an order fixed by a hash of `key`
    and the variant's id: the same key picks the same sample, another key another one.
    Variants that share an env come before `alone` ones, which cost a round each."""
    import hashlib

    def order(v: Variant) -> tuple[bool, str]:
        return v.header.alone, hashlib.sha256(f"{key}\0{v.id}".encode()).hexdigest()

    flip = hashlib.sha256(key.encode()).digest()[0] % 2
    queues: list[list[Variant]] = []
    for index, t in enumerate(dict.fromkeys(v.task for v in variants)):
        correct = sorted((v for v in variants if v.task == t and v.expect_pass), key=order)
        wrong = sorted((v for v in variants if v.task == t and not v.expect_pass), key=order)
        turn: list[Variant] = []
        wrong_next = (index + flip) % 2 == 1
        while correct or wrong:
            side = (wrong if wrong_next else correct) or correct or wrong
            turn.append(side.pop(0))
            wrong_next = not wrong_next
        queues.append(turn[:per_task] if per_task else turn)
    chosen: list[Variant] = []
    while any(queues):
        for queue in queues:
            if not queue:
                continue
            candidate = queue.pop(0)
            if max_rounds and len(pack([*chosen, candidate], task_order)) > max_rounds:
                continue  # it does not fit: the task's next one may
            chosen.append(candidate)
    return [v for v in variants if v in chosen]


def run_variants(
    store: Store,
    lab: Lab,
    *,
    task: str | None = None,
    repeat: int = 1,
    parallel: int = 3,
    keep: bool = False,
    seed: str | None = None,
    progress: Progress = no_progress,
    select: Callable[[Variant], bool] | None = None,
    per_task: int = 0,
    max_rounds: int = 0,
    sample_key: str = "",
) -> VariantsResult:
    """Round 0 and every variant round of a lab; never raises for what the lab gets wrong."""
    from labctl.core.tools import missing_tools

    started = time.monotonic()
    tasks = [t.id for t in lab.spec.tasks]
    if task is not None and task not in tasks:
        raise UserInputError(f"lab {lab.id} has no task '{task}'; its tasks: {', '.join(tasks)}.")
    if repeat < 1 or parallel < 1:
        raise UserInputError("--repeat and --parallel must be at least 1.")
    variants = load_variants(lab.path, lab.spec)
    result = VariantsResult(lab=lab.id, repeat=repeat, parallel=parallel,
                            tasks=[task] if task else tasks)
    missing = missing_tools(lab.spec)
    if missing:
        result.status, result.missing = UNAVAILABLE, missing
        result.notes.append(f"this machine lacks {', '.join(missing)}: round 0 and {len(variants)} variant(s) "
                            "were not run")
        return result
    chosen = [v for v in variants if (task is None or v.task == task) and (select is None or select(v))]
    if per_task or max_rounds:
        chosen = sample(chosen, tasks, per_task=per_task, max_rounds=max_rounds, key=sample_key)
        result.notes.append(f"a sample: {len(chosen)} of {len(variants)} variant(s) (key {sample_key!r}); "
                            "run without --sample/--max-rounds to prove them all")
    rounds = pack(chosen, tasks)
    counts = count_by_task(variants, result.tasks)
    for t in result.tasks:
        correct, wrong = counts[t]["correct"], counts[t]["wrong"]
        if correct < MIN_CORRECT or wrong < MIN_WRONG:
            result.notes.append(f"task {t} has {correct} correct and {wrong} wrong variant(s); "
                                f"aim for at least {MIN_CORRECT} and {MIN_WRONG}")
    from labctl.core.grade import grading_launcher

    runner = _Runner(store, lab, repeat=repeat, keep=keep, seed=seed, progress=progress, launcher=None,
                     only_task=task)
    if lab.spec.environment.compose is not None:
        from labctl import images

        progress(f"{lab.id}: building images")
        try:
            runner.images = images.build_lab(lab, progress)
        except LabctlError as exc:
            result.status = ERROR
            result.selftest.append(f"building images: {exc.message}")
            result.duration = time.monotonic() - started
            return result
    progress(f"{lab.id}: {len(chosen)} variant(s) in {len(rounds)} round(s) + round 0, "
             f"{parallel} at a time" + (f", each graded {repeat} times" if repeat > 1 else ""))
    with grading_launcher(lab) as launcher, ThreadPoolExecutor(max_workers=parallel,
                                                               thread_name_prefix="labctl-variants") as pool:
        runner.launcher = launcher
        # Round 0 first: the other rounds start once its reference solutions ran, so the
        # images and build caches they made are there for them (a lab whose learner builds
        # images would otherwise build the same layers in every round at once).
        solved = threading.Event()
        zero = pool.submit(runner.round_zero, solved)
        solved.wait()
        futures = [pool.submit(runner.run_round, r) for r in rounds]
        round0, flaky0 = zero.result()
        for future in futures:
            rres, outs, flakes = future.result()
            result.rounds.append(rres)
            result.outcomes += outs
            result.flaky += flakes
        runner.teardown(round0)
        result.rounds.insert(0, round0)
        result.selftest += round0.problems
        result.flaky += flaky0
    order = {t: i for i, t in enumerate(tasks)}
    result.outcomes.sort(key=lambda o: (order.get(o.task, 0), o.expect != "pass", o.name))
    if result.selftest or result.surprises or result.flaky or any(r.problems for r in result.rounds):
        result.status = FAILED
    result.duration = time.monotonic() - started
    return result
