"""The FastAPI app of `labctl serve`, and the state one server holds.

`Server` is what outlives requests: the state store (the CLI's), the terminal
sessions, the warm grading processes, the event hub and the class jobs.
`create_app()` wires it to the routes (routes_env, routes_class) and runs two
background loops: one notices grades stored by other processes (`labctl class
grade` in a terminal) within a second; one refreshes the classes' env states
(one Docker query per class) and re-sends rows whose state changed (an env
gone, a student now stuck).
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from labctl.classroom.classes import Classroom, open_class
from labctl.classroom.live import STUCK_AFTER, LiveRow, live_row, pass_rates
from labctl.env.record import EnvRecord
from labctl.errors import LabctlError, NotFoundError, UserInputError
from labctl.spec.loader import Lab, find_lab
from labctl.state import Store
from labctl.web.auth import Denied
from labctl.web.hub import Hub, class_topic, env_topic
from labctl.web.jobs import Graders, Job, Jobs
from labctl.web.terminal import Terminals

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
TEMPLATES = HERE / "templates"


@dataclass
class WebSettings:
    host: str = "127.0.0.1"
    port: int = 8300
    #: the classes this server serves (empty: every class of the store)
    classes: list[str] = field(default_factory=list)
    labs_path: list[Path] = field(default_factory=list)
    stuck_after: float = STUCK_AFTER
    tls: bool = False
    #: how often grades stored by other processes are looked for
    poll_interval: float = 1.0
    #: how often the classes' env states are refreshed (a Docker query per class)
    status_interval: float = 15.0


class Server:
    def __init__(self, store: Store, settings: WebSettings):
        self.store = store
        self.settings = settings
        self.hub = Hub()
        self.terminals = Terminals()
        self.graders = Graders()
        self.jobs = Jobs(self._job_event)
        self.env_states: dict[str, dict[str, str]] = {}
        #: (lab, env) -> when its learner last typed or pressed a button here
        self.activity: dict[tuple[str, str], float] = {}
        self._classes: dict[str, Classroom] = {}
        self._labs: dict[str, Lab] = {}
        self._seen: dict[tuple[str, str], int] = {}
        self._rows: dict[tuple[str, str], dict[str, Any]] = {}
        self._lock = threading.Lock()
        self.loop: asyncio.AbstractEventLoop | None = None
        self.terminals.listeners.append(self._terminals_changed)

    # -- what this server serves -------------------------------------------------

    def class_names(self) -> list[str]:
        names = [c.name for c in self.store.list_classes()]
        wanted = self.settings.classes
        return [n for n in names if not wanted or n in wanted]

    def serves_class(self, name: str) -> bool:
        return (not self.settings.classes or name in self.settings.classes) and self.store.get_class(name) is not None

    def classroom(self, name: str) -> Classroom:
        with self._lock:
            cls = self._classes.get(name)
        if cls is None or cls.record.settings != (self.store.get_class(name) or cls.record).settings:
            cls = open_class(self.store, name, self.settings.labs_path)
            with self._lock:
                self._classes[name] = cls
        return cls

    def lab_of(self, record: EnvRecord) -> Lab:
        """The lab an env was made from (its folder, else its id on the search path)."""
        key = record.data.labs_dir or record.lab
        with self._lock:
            lab = self._labs.get(key)
        if lab is None:
            folder = record.data.labs_dir
            lab = (find_lab(folder) if folder and (Path(folder) / "lab.yaml").is_file()
                   else find_lab(record.lab, self.settings.labs_path))
            with self._lock:
                self._labs[key] = lab
        return lab

    def student_of_env(self, record: EnvRecord) -> tuple[Classroom, str] | None:
        if not record.class_name or not self.serves_class(record.class_name):
            return None
        cls = self.classroom(record.class_name)
        student = next((s for s in cls.students if s.env == record.name), None)
        return (cls, student.id) if student else None

    # -- events ------------------------------------------------------------------

    def note_activity(self, lab: str, env: str) -> None:
        """The env's learner did something here (typed, pressed Check, revealed a hint)."""
        self.activity[(lab, env)] = time.time()

    def active_at(self, cls: Classroom) -> dict[str, float]:
        out = {}
        for s in cls.students:
            at = self.activity.get((cls.lab.id, s.env))
            if at is not None:
                out[s.id] = at
        return out

    def row(self, cls: Classroom, student_id: str) -> LiveRow:
        student = cls.student(student_id)
        state = self.env_states.get(cls.name, {}).get(student.id, "unknown")
        return live_row(self.store, cls, student, env_state=state,
                        active_at=self.activity.get((cls.lab.id, student.env)),
                        stuck_after=self.settings.stuck_after)

    def publish_row(self, cls: Classroom, student_id: str, *, force: bool = True) -> None:
        data = self.row(cls, student_id).to_dict()
        data["terminals"] = len(self.terminals.of_env(cls.lab.id, data["env"]))
        key = (cls.name, student_id)
        compare = {k: v for k, v in data.items() if k != "stalled_for"}
        with self._lock:
            if not force and self._rows.get(key) == compare:
                return
            self._rows[key] = compare
        self.hub.publish(class_topic(cls.name), {"type": "row", "row": data, "at": time.time()})

    def env_changed(self, lab: Lab, record: EnvRecord) -> None:
        """A grade or hint of this env was stored: tell its page and its class view. Called from
        worker threads (it reads the store)."""
        from labctl.core.standing import standing

        topic = env_topic(lab.id, record.name)
        if self.hub.has_subscribers(topic):
            from labctl.web.markdown import standing_json

            now = standing_json(standing(self.store, lab, record.name))
            self.hub.publish(topic, {"type": "standing", "standing": now})
        found = self.student_of_env(record)
        if found is not None:
            self.publish_row(found[0], found[1])
        last = self.store.last_grade(lab.id, record.name)
        if last is not None:
            with self._lock:
                self._seen[(lab.id, record.name)] = last.id

    def class_snapshot(self, cls: Classroom) -> dict[str, Any]:
        if cls.name not in self.env_states:
            self.refresh_class(cls, publish=False)
        active = self.active_at(cls)
        states = self.env_states.get(cls.name, {})
        rows = [live_row(self.store, cls, s, env_state=states.get(s.id, "unknown"), active_at=active.get(s.id),
                         stuck_after=self.settings.stuck_after) for s in cls.students]
        out = []
        for r in rows:
            data = r.to_dict()
            data["terminals"] = len(self.terminals.of_env(cls.lab.id, r.env))
            out.append(data)
        return {"type": "snapshot", "class": cls.name, "lab": cls.lab.id, "rows": out,
                "pass_rates": pass_rates(cls, rows), "jobs": [j.to_dict() for j in self.jobs.running(cls.name)],
                "stuck_after": self.settings.stuck_after, "at": time.time()}

    def _job_event(self, job: Job) -> None:
        self.hub.publish(class_topic(job.class_name), job.to_dict())

    def _terminals_changed(self, lab: str, env: str) -> None:
        sessions = [s.info() for s in self.terminals.of_env(lab, env)]
        self.hub.publish(env_topic(lab, env), {"type": "terminals", "terminals": sessions})
        record = self.store.get_env(lab, env)
        found = self.student_of_env(record) if record else None
        if found is not None:
            self.hub.publish(class_topic(found[0].name), {"type": "terminals", "student": found[1],
                                                          "env": env, "terminals": len(sessions)})

    # -- background loops (each pass runs in a worker thread) -------------------------

    def poll_grades(self) -> None:
        """Grades stored by other processes (`labctl class grade`, `labctl grade`)."""
        for name in self.class_names():
            cls = self.classroom(name)
            if not self.hub.has_subscribers(class_topic(name)):
                continue
            latest = self.store.last_grade_ids(cls.lab.id)
            for s in cls.students:
                found = latest.get(s.env)
                with self._lock:
                    seen = self._seen.get((cls.lab.id, s.env))
                if found is not None and found != seen:
                    record = self.store.get_env(cls.lab.id, s.env)
                    if record is not None:
                        self.env_changed(cls.lab, record)

    def refresh_class(self, cls: Classroom, *, publish: bool = True) -> None:
        """The env state of every student (one Docker query); re-send the rows that changed."""
        from labctl.classroom.status import class_status

        self.env_states[cls.name] = {r.student_id: r.state for r in class_status(self.store, cls)}
        if publish:
            for s in cls.students:
                self.publish_row(cls, s.id, force=False)

    def refresh_states(self, *, only_watched: bool = True) -> None:
        for name in self.class_names():
            if only_watched and not self.hub.has_subscribers(class_topic(name)):
                continue
            self.refresh_class(self.classroom(name))

    def warm_graders(self) -> None:
        for name in self.class_names():
            with contextlib.suppress(LabctlError):
                self.graders.warm(self.classroom(name).lab)

    def call_soon(self, fn: Callable[..., object], *args: object) -> None:
        """Run `fn(*args)` on the event loop (from a worker thread)."""
        loop = self.loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(fn, *args)



async def _every(seconds: float, work: Callable[[], None]) -> None:
    while True:
        await asyncio.sleep(seconds)
        with contextlib.suppress(Exception):  # one bad pass must not end the loop
            await asyncio.to_thread(work)


def create_app(store: Store, settings: WebSettings | None = None) -> FastAPI:
    settings = settings or WebSettings()
    server = Server(store, settings)

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        server.loop = asyncio.get_running_loop()
        server.hub.bind(server.loop)
        server.warm_graders()
        with contextlib.suppress(Exception):
            await asyncio.to_thread(server.refresh_states, only_watched=False)
        tasks = [asyncio.create_task(_every(settings.poll_interval, server.poll_grades)),
                 asyncio.create_task(_every(settings.status_interval, server.refresh_states))]
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
            server.terminals.close_all()  # on the loop: it owns the sessions' readers
            await asyncio.to_thread(server.graders.close)

    app = FastAPI(title="labctl", lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.server = server
    app.state.templates = Jinja2Templates(directory=str(TEMPLATES))
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")

    @app.middleware("http")
    async def guard(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        from labctl.web.auth import same_origin

        if request.method not in ("GET", "HEAD", "OPTIONS") and not same_origin(request):
            return JSONResponse({"error": "cross-site request refused"}, status_code=403)
        response = await call_next(request)
        host = request.headers.get("host", "")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            f"connect-src 'self' ws://{host} wss://{host}; frame-ancestors 'none'; base-uri 'none'; "
            "form-action 'self'")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if request.url.path.startswith(("/api/", "/events/")) or request.url.path in ("/", "/login"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    def wants_json(request: Request) -> bool:
        return request.url.path.startswith(("/api/", "/events/"))

    @app.exception_handler(Denied)
    async def denied(request: Request, exc: Denied) -> Response:
        if wants_json(request):
            return JSONResponse({"error": exc.message}, status_code=exc.status)
        return html(request, "error.html", {"status": exc.status, "message": exc.message}, exc.status)

    @app.exception_handler(LabctlError)
    async def labctl_error(request: Request, exc: LabctlError) -> Response:
        status = 404 if isinstance(exc, NotFoundError) else 400 if isinstance(exc, UserInputError) else 409
        body = {"error": exc.message, "hint": exc.hint}
        if wants_json(request):
            return JSONResponse(body, status_code=status)
        return html(request, "error.html", {"status": status, "message": exc.message, "hint": exc.hint}, status)

    @app.exception_handler(404)
    async def not_found(request: Request, exc: Exception) -> Response:
        if wants_json(request):
            return JSONResponse({"error": "not found"}, status_code=404)
        return html(request, "error.html", {"status": 404, "message": "not found"}, 404)

    from labctl.web import routes_class, routes_env

    routes_env.register(app, server)
    routes_class.register(app, server)
    return app


def html(request: Request, template: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    templates: Jinja2Templates = request.app.state.templates
    response: HTMLResponse = templates.TemplateResponse(request, template, context, status_code=status)
    return response
