"""Provision a class: one isolated env per student, concurrently, convergently.

`class_up` first makes every missing env record in this thread (seed derived
from the class seed and the student id, host ports, subnets, limits) and
saves it, so a kill -9 at any point leaves records that the next run picks
up. Then a bounded thread pool runs the ordinary `lifecycle.up` for each
student (which skips envs that are up and healthy, and converges the rest)
and installs the student's SSH credentials.
"""

from __future__ import annotations

import contextlib
import random
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Literal

from labctl import images
from labctl.backends.base import backends_for
from labctl.classroom.access import install_credentials
from labctl.classroom.classes import (
    DEFAULT_ADDRESS,
    DEFAULT_HEALTH_INTERVAL,
    DEFAULT_SUBNET_POOL,
    Classroom,
)
from labctl.classroom.network import assign_subnets, parse_pool, used_subnets
from labctl.core import lifecycle
from labctl.core.environment import EnvOptions, new_record
from labctl.env.labels import LABEL_CLASS
from labctl.env.record import EnvData, EnvRecord, EnvStatus, SwarmData
from labctl.errors import LabctlError
from labctl.state import Store, StudentRecord

EventKind = Literal["start", "step", "done", "failed"]
#: what Docker says when a subnet or host port chosen for a fresh env was taken meanwhile
COLLISIONS = ("Pool overlaps", "port is already allocated", "address already in use")
_ALLOCATING = threading.Lock()
#: what a reset keeps of an env record: the same name, ports, subnets and limits come back
KEEP_ON_RESET = ("project", "legacy", "bind_address", "labs_dir", "limits", "images", "port_binds",
                 "subnets", "docker_health_interval", "engine", "swarm")


@dataclass(frozen=True)
class ClassEvent:
    """Progress of one student's env (`student` is empty for class-wide steps)."""

    student: str
    kind: EventKind
    message: str = ""


EventSink = Callable[[ClassEvent], None]


def _ignore(_: ClassEvent) -> None:
    pass


@dataclass
class StudentOutcome:
    student: str
    env: str
    #: up: created | converged | up (already; nothing done) | failed
    #: grade: graded | skipped (env not up) | failed;  down: removed | failed
    result: str
    error: str = ""
    seconds: float = 0.0
    #: e.g. the score of a grade, "7/10"
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.result != "failed"


def env_options(cls: Classroom, student: StudentRecord) -> EnvOptions:
    return EnvOptions(
        seed=cls.seed_for(student), class_name=cls.name, student_id=student.id,
        bind_address="127.0.0.1", limits=cls.limits() or None, engine=cls.engine,
        swarm=swarm_data(cls) if cls.engine == "swarm" else None,
    )


def swarm_data(cls: Classroom) -> SwarmData:
    """A swarm class's settings as each env keeps them (the node is chosen at `class up`)."""
    from labctl.swarm import registry

    settings = cls.settings
    address = settings.get("registry") or registry.own_address() or ""
    return SwarmData(registry=str(address), publish=str(settings.get("publish") or "host"),
                     reserve_memory=str(settings.get("reserve_memory") or ""),
                     reserve_cpus=float(settings.get("reserve_cpus") or 0))


def failure_text(exc: LabctlError) -> str:
    """One student's failure as the class reports it: the message, the hint, and the details (a
    failed command's stderr, a service's last log lines), which are what say why."""
    text = exc.message + (f" {exc.hint}" if exc.hint else "")
    details = (exc.details or "").strip()
    if details:
        text += "\n" + "\n".join(f"    {line}" for line in details.splitlines())
    return text


def _collided(exc: LabctlError) -> bool:
    text = f"{exc.message}\n{exc.details or ''}"
    return any(marker in text for marker in COLLISIONS)


def ensure_records(store: Store, cls: Classroom, students: list[StudentRecord]) -> list[EnvRecord]:
    """Make the env records that are missing (serially: ports and subnets must not collide)."""
    with _ALLOCATING:
        return _ensure_records(store, cls, students)


def _ensure_records(store: Store, cls: Classroom, students: list[StudentRecord]) -> list[EnvRecord]:
    swarm = cls.engine == "swarm"
    built = images.build_lab(cls.lab, lambda _msg: None) if cls.lab.spec.environment.compose and not swarm else {}
    spread = _Spread(store, cls) if swarm else None
    pool = parse_pool(str(cls.settings.get("subnet_pool") or DEFAULT_SUBNET_POOL))
    used = None
    start = random.randrange(1 << 16)
    port = cls.lab.spec.ssh_port()
    address = str(cls.settings.get("address") or DEFAULT_ADDRESS)
    health = int(cls.settings.get("health_interval", DEFAULT_HEALTH_INTERVAL) or 0)
    records: list[EnvRecord] = []
    for s in students:
        record = cls.env_record(store, s)
        if record is None:
            record = new_record(store, cls.lab, s.env, env_options(cls, s))
            record.data.images = built
            if port is not None:
                record.data.port_binds = {port.name: address}
            # labctl probes readiness itself; Docker re-probes at most this often (0: never)
            record.data.docker_health_interval = health
            if spread is not None:
                spread.prepare(record)  # its images (published), which its templates name
            if used is None:
                used = used_subnets(store)
            # A random first block: two labctl homes sharing one engine rarely pick the same one.
            assign_subnets(cls.lab, record, pool, used, start)
            store.save_env(record)
        if spread is not None and not record.data.swarm.node:
            spread.prepare(record)
            spread.place(record)
            store.save_env(record)
        records.append(record)
    return records


class _Spread:
    """Swarm classes: each new env is pinned to the usable node with the most memory left
    (its images published first: the env's reservation is computed from its stack)."""

    def __init__(self, store: Store, cls: Classroom):
        from labctl.swarm import cluster, placement

        self.cls = cls
        data = swarm_data(cls)
        nodes = [n for n in cluster.nodes() if n.usable and (data.registry or n.is_self)]
        if not nodes:
            raise LabctlError(
                f"class {cls.name} has no swarm node to run on.",
                hint="`labctl swarm nodes` shows why (node down or drained, no engine endpoint; without a "
                "registry only this node can run envs: `labctl registry up`).",
            )
        used = cluster.reservations()
        self.capacity = [
            placement.Capacity(n.id, n.hostname, n.memory, n.cpus,
                               used.get(n.id, cluster.Usage()).memory, used.get(n.id, cluster.Usage()).cpus,
                               used.get(n.id, cluster.Usage()).containers)
            for n in nodes
        ]

    def prepare(self, record: EnvRecord) -> None:
        """Build and publish the env's images (once per class up), choose its emulator's port."""
        from labctl.core.environment import context

        for backend in backends_for(context(self.cls.lab, record)):
            backend.prepare()

    def place(self, record: EnvRecord) -> None:
        from labctl.core.environment import context
        from labctl.swarm import placement

        ctx = context(self.cls.lab, record)
        memory, cpus, containers = 0, 0.0, 0
        for backend in backends_for(ctx):
            reserved = backend.reserves()
            memory, cpus, containers = memory + reserved[0], cpus + reserved[1], containers + reserved[2]
        chosen = placement.choose(self.capacity, placement.Demand(memory, cpus, containers),
                                  record.student_id or record.name)
        record.data.swarm.node, record.data.swarm.node_name = chosen.node, chosen.name


def _start_clock(store: Store, cls: Classroom) -> None:
    """The TTL counts from the first `class up` (and again after the class was reaped)."""
    ttl = cls.record.ttl_seconds
    expires = cls.settings.get("expires_at")
    now = time.time()
    if ttl and (expires is None or expires <= now):
        cls.settings["expires_at"] = now + ttl
        cls.settings.pop("reaped_at", None)
        store.update_class_settings(cls.name, cls.settings)


def up_student(store: Store, cls: Classroom, student: StudentRecord, events: EventSink = _ignore) -> StudentOutcome:
    """Bring one student's env up (or leave it, if up and healthy) and install their credentials."""
    started = time.monotonic()
    events(ClassEvent(student.id, "start"))

    def step(msg: str) -> None:
        events(ClassEvent(student.id, "step", msg))

    try:
        before = cls.env_record(store, student)
        was = before.status if before else "missing"
        try:
            result = lifecycle.up(store, cls.lab, student.env, env_options(cls, student), step)
        except LabctlError as exc:
            if not (_collided(exc) and was in ("missing", "creating")):
                raise
            # Another labctl home (or program) took this fresh env's subnet or port meanwhile.
            step("its subnet or a host port was taken meanwhile; choosing new ones")
            lifecycle.down(store, cls.lab, student.env)
            ensure_records(store, cls, [student])
            result = lifecycle.up(store, cls.lab, student.env, env_options(cls, student), step)
        step("setting SSH credentials")
        install_credentials(cls.lab, result.record, student)
    except LabctlError as exc:
        message = failure_text(exc)
        events(ClassEvent(student.id, "failed", message))
        return StudentOutcome(student.id, student.env, "failed", message, time.monotonic() - started)
    except Exception as exc:  # one student's surprise must not stop the class
        message = f"{type(exc).__name__}: {exc}"
        events(ClassEvent(student.id, "failed", message))
        return StudentOutcome(student.id, student.env, "failed", message, time.monotonic() - started)
    outcome = "up" if result.already_up else ("created" if was in ("missing", "creating") else "converged")
    events(ClassEvent(student.id, "done", outcome))
    return StudentOutcome(student.id, student.env, outcome, seconds=time.monotonic() - started)


def run_parallel(
    items: list[StudentRecord],
    work: Callable[[StudentRecord], StudentOutcome],
    parallel: int,
) -> list[StudentOutcome]:
    """Run `work` for each student on a bounded pool; results in roster order.

    Ctrl-C cancels what has not started and waits for what has (each step saves
    its state, so the next run completes the rest).
    """
    pool = ThreadPoolExecutor(max_workers=max(1, parallel), thread_name_prefix="labctl-class")
    futures: list[Future[StudentOutcome]] = [pool.submit(work, s) for s in items]
    try:
        return [f.result() for f in futures]
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def class_up(
    store: Store,
    cls: Classroom,
    *,
    parallel: int = 6,
    events: EventSink = _ignore,
    students: list[str] | None = None,
) -> list[StudentOutcome]:
    """Provision every student's env (or the named students'); failures are reported, not raised."""
    chosen = [cls.student(s) for s in students] if students else list(cls.students)
    lifecycle.check_prerequisites(cls.lab, cls.engine)
    events(ClassEvent("", "step", f"building the images of lab {cls.lab.id}"))
    _start_clock(store, cls)
    events(ClassEvent("", "step", "allocating ports, subnets and parameters"))
    ensure_records(store, cls, chosen)
    lock = threading.Lock()

    def safe_events(event: ClassEvent) -> None:
        with lock:
            events(event)

    return run_parallel(chosen, lambda s: up_student(store, cls, s, safe_events), parallel)


def reset_student(store: Store, cls: Classroom, student_id: str, events: EventSink = _ignore) -> StudentOutcome:
    """Tear one student's env down and make it again: same seed, parameters, ports and subnets."""
    student = cls.student(student_id)
    record = cls.env_record(store, student)
    events(ClassEvent(student.id, "step", "removing the env"))
    lifecycle.down(store, cls.lab, student.env)
    store.delete_grades(cls.lab.id, student.env)
    if record is not None:
        record.status, record.error = EnvStatus.CREATING, None
        kept = record.data.to_dict()
        record.data = EnvData.from_dict({k: v for k, v in kept.items() if k in KEEP_ON_RESET})
        if record.data.engine == "swarm" and not _node_ready(record.data.swarm.node):
            # its node is down or gone: the fresh env goes wherever there is room now
            record.data.swarm.node = record.data.swarm.node_name = ""
        record.created_at = time.time()
        store.save_env(record)
    ensure_records(store, cls, [student])
    return up_student(store, cls, student, events)


def _node_ready(node_id: str) -> bool:
    from labctl.swarm import cluster

    node = cluster.node(node_id) if node_id else None
    return node is not None and node.usable


def down_student(store: Store, cls: Classroom, student: StudentRecord, *, keep_grades: bool = False) -> None:
    lifecycle.down(store, cls.lab, student.env)
    if not keep_grades:
        store.delete_grades(cls.lab.id, student.env)


def class_down(store: Store, cls: Classroom, *, parallel: int = 4, events: EventSink = _ignore,
               forget: bool = True) -> int:
    """Remove every student's env, anything else labelled with the class, and (if `forget`) the
    class with its roster and grades; without `forget` (the reaper) grades are kept.

    Returns how many envs were removed. Safe to repeat, and finds envs whose
    records were lost through their Docker labels.
    """
    import shutil

    lock = threading.Lock()

    def one(s: StudentRecord) -> StudentOutcome:
        with lock:
            events(ClassEvent(s.id, "start"))
        try:
            down_student(store, cls, s, keep_grades=not forget)
        except LabctlError as exc:
            with lock:
                events(ClassEvent(s.id, "failed", failure_text(exc)))
            return StudentOutcome(s.id, s.env, "failed", failure_text(exc))
        with lock:
            events(ClassEvent(s.id, "done", "removed"))
        return StudentOutcome(s.id, s.env, "removed")

    outcomes = run_parallel(list(cls.students), one, parallel)
    failed = [o for o in outcomes if not o.ok]
    sweep_labels(store, {LABEL_CLASS: cls.name})
    for env in store.list_envs(class_name=cls.name):  # records of students no longer on the roster
        lifecycle.down(store, cls.lab, env.name)
    if failed:
        first = failed[0]
        raise LabctlError(
            f"removing {len(failed)} env(s) of class {cls.name} failed; first: {first.student}: {first.error}",
            hint=f"Re-run `labctl class down {cls.name}`.",
        )
    if forget:
        store.delete_class(cls.name)
        shutil.rmtree(cls.keys_dir.parent, ignore_errors=True)
    return len(outcomes)


def sweep_labels(store: Store, labels: dict[str, str]) -> int:
    """Remove whatever else carries these labels and this store's id, on every kind of engine
    (and, while this store records envs made before store ids, objects with no store id)."""
    from labctl.backends.base import engine_backend_classes
    from labctl.env.labels import LABEL_STORE

    legacy = any(e.data.legacy for e in store.list_envs())
    removed = 0
    for kind in engine_backend_classes():
        removed += kind.sweep({LABEL_STORE: store.store_id, **labels}, store_id=store.store_id)
        if legacy:
            removed += kind.sweep(labels, store_id=store.store_id, legacy=True)
    return removed


def sweep_class(store: Store, class_name: str, *, forget: bool = True) -> int:
    """`class down` for a class whose lab can no longer be loaded: remove by labels and state alone.

    Every container, network and volume labelled with the class goes, then the env records
    (and their workdirs); with `forget`, grades, keys and the class too. Returns the envs removed.
    """
    import shutil

    from labctl import paths
    from labctl.core.environment import checked_workdir

    sweep_labels(store, {LABEL_CLASS: class_name})
    envs = store.list_envs(class_name=class_name)
    for env in envs:
        with contextlib.suppress(LabctlError):  # never remove a folder outside the envs folder
            shutil.rmtree(checked_workdir(env), ignore_errors=True)
        store.delete_env(env.lab, env.name)
        if forget:
            store.delete_grades(env.lab, env.name)
    if forget:
        record = store.get_class(class_name)
        if record is not None:
            for s in store.students(class_name):
                store.delete_grades(record.lab, s.env)
        store.delete_class(class_name)
        shutil.rmtree(paths.data_dir() / "classes" / class_name, ignore_errors=True)
    return len(envs)
