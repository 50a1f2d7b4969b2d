"""Work that outlasts a request: the warm grading processes, and class-wide jobs.

`Graders` keeps one warm grading zygote per lab for the server's life
(labctl.core.grade.grading_launcher), so a page's Check forks a worker that has
already imported pytest, testinfra, the Docker SDK and the lab's checks, where
`labctl grade` starts a fresh Python. One env is graded once at a time: a
second Check waits for the first.

`Jobs` runs the class view's buttons (grade all, reset a student) in threads,
one of each kind per class at a time, and reports their progress as events.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from labctl.spec.loader import Lab
from labctl.state import Store

if TYPE_CHECKING:
    from labctl.grading.launchers import ZygoteLauncher
    from labctl.grading.scoring import GradeReport


class Graders:
    def __init__(self) -> None:
        self._launchers: dict[str, ZygoteLauncher] = {}
        self._env_locks: dict[tuple[str, str], threading.Lock] = {}
        self._lock = threading.Lock()
        self._closed = False

    def launcher(self, lab: Lab) -> ZygoteLauncher:
        key = str(lab.path)
        with self._lock:
            launcher = self._launchers.get(key)
            if launcher is None:
                from labctl.core.grade import grading_launcher

                launcher = self._launchers[key] = grading_launcher(lab)
            return launcher

    def warm(self, lab: Lab) -> None:
        """Start the lab's zygote in the background (a failure shows at the first Check)."""
        def start() -> None:
            with contextlib.suppress(Exception):
                self.launcher(lab).warm()

        threading.Thread(target=start, daemon=True, name=f"warm-{lab.id}").start()

    def check(self, store: Store, lab: Lab, env: str, tasks: Sequence[str] = ()) -> GradeReport:
        from labctl.core.grade import grade

        with self._lock:
            env_lock = self._env_locks.setdefault((lab.id, env), threading.Lock())
        with env_lock:
            return grade(store, lab, env, task=list(tasks) or None, launcher=self.launcher(lab))

    def close(self) -> None:
        with self._lock:
            launchers, self._launchers = list(self._launchers.values()), {}
        for launcher in launchers:
            launcher.close()


@dataclass
class Job:
    id: int
    kind: str
    class_name: str
    #: running | done | failed
    state: str = "running"
    student: str | None = None
    done: int = 0
    total: int = 0
    message: str = ""
    started_at: float = 0.0
    ended_at: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"type": "job", **asdict(self)}


class Jobs:
    def __init__(self, publish: Callable[[Job], None]):
        self._publish = publish
        self._lock = threading.Lock()
        self._running: dict[tuple[str, str], Job] = {}
        self._next = 1

    def running(self, class_name: str) -> list[Job]:
        with self._lock:
            return [j for (c, _), j in self._running.items() if c == class_name]

    def start(self, kind: str, class_name: str, work: Callable[[Job], str], *, student: str | None = None,
              total: int = 0) -> Job | None:
        """Run `work(job)` in a thread (its return value is the final message); None if a job of
        this kind already runs for the class (or this student)."""
        key = (class_name, f"{kind}:{student or ''}")
        with self._lock:
            if key in self._running:
                return None
            job = Job(self._next, kind, class_name, student=student, total=total, started_at=time.time())
            self._next += 1
            self._running[key] = job

        def run() -> None:
            from labctl.errors import LabctlError

            try:
                job.message = work(job)
                job.state = "done"
            except LabctlError as exc:
                job.state, job.message = "failed", exc.message
            except Exception as exc:  # a job must report, never vanish
                job.state, job.message = "failed", f"{type(exc).__name__}: {exc}"
            job.ended_at = time.time()
            with self._lock:
                self._running.pop(key, None)
            self._publish(job)

        self._publish(job)
        threading.Thread(target=run, daemon=True, name=f"job-{kind}-{class_name}").start()
        return job

    def progress(self, job: Job) -> None:
        self._publish(job)
