"""The instructor's class view: live rows, pass rates, grade all, reset, export.

Owner only (a student's token gets 404 on every route here). The buttons call
what `labctl class grade|reset|report` call: classroom.gradebook.grade_class,
classroom.provision.reset_student, the gradebook exports.
"""

from __future__ import annotations

import time
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from labctl.web import auth
from labctl.web.app import Server, html
from labctl.web.hub import class_topic
from labctl.web.jobs import Job

EXPORTS = {
    "csv": ("text/csv", "csv"),
    "json": ("application/json", "json"),
    "html": ("text/html", "html"),
    "gradescope": ("application/json", "gradescope.json"),
}


def register(app: FastAPI, server: Server) -> None:
    def open_class(request: Request, name: str) -> Any:
        auth.require_owner(server, request)
        if not server.serves_class(name):
            raise auth.NOT_FOUND()
        return server.classroom(name)

    @app.get("/classes/{name}")
    def class_page(request: Request, name: str) -> Response:
        cls = open_class(request, name)
        data = {"class": cls.name, "lab": cls.lab.id, "title": cls.lab.spec.title,
                "tasks": [{"id": t.id, "title": t.title, "points": t.points} for t in cls.lab.spec.tasks],
                "max_score": cls.lab.spec.max_score, "stuck_after": server.settings.stuck_after,
                "exports": list(EXPORTS),
                "urls": {"api": f"/api/classes/{cls.name}", "events": f"/events/classes/{cls.name}"}}
        return html(request, "class.html", {"data": data, "title": f"{cls.lab.spec.title}: class {cls.name}"})

    @app.get("/api/classes/{name}")
    def snapshot(request: Request, name: str) -> dict[str, Any]:
        return server.class_snapshot(open_class(request, name))

    @app.get("/events/classes/{name}")
    def class_events(request: Request, name: str) -> Response:
        cls = open_class(request, name)
        first = [server.class_snapshot(cls)]
        return StreamingResponse(server.hub.stream(class_topic(cls.name), first), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store"})

    @app.post("/api/classes/{name}/grade")
    def grade_all(request: Request, name: str) -> Response:
        from labctl.classroom.gradebook import grade_class
        from labctl.classroom.provision import ClassEvent

        cls = open_class(request, name)

        def work(job: Job) -> str:
            def event(ev: ClassEvent) -> None:
                if ev.kind in ("done", "failed") and ev.student:
                    job.done += 1
                    server.jobs.progress(job)
                    record = server.store.get_env(cls.lab.id, cls.student(ev.student).env)
                    if record is not None and ev.kind == "done":
                        server.env_changed(cls.lab, record)

            outcomes = grade_class(server.store, cls, events=event, launcher=server.graders.launcher(cls.lab))
            graded = len([o for o in outcomes if o.result == "graded"])
            failed = [o for o in outcomes if o.result == "failed"]
            return f"graded {graded} of {len(outcomes)}" + (f"; {len(failed)} failed" if failed else "")

        job = server.jobs.start("grade", cls.name, work, total=len(cls.students))
        if job is None:
            return JSONResponse({"error": "grading of this class is already running"}, status_code=409)
        return JSONResponse(job.to_dict(), status_code=202)

    @app.post("/api/classes/{name}/students/{student_id}/reset")
    def reset(request: Request, name: str, student_id: str) -> Response:
        from labctl.classroom.provision import reset_student

        cls = open_class(request, name)
        student = next((s for s in cls.students if s.id == student_id), None)
        if student is None:
            raise auth.NOT_FOUND()

        def work(job: Job) -> str:
            server.call_soon(server.terminals.close_env, cls.lab.id, student.env)
            server.env_states.setdefault(cls.name, {})[student.id] = "creating"
            server.publish_row(cls, student.id)
            outcome = reset_student(server.store, cls, student.id)
            server.env_states[cls.name][student.id] = "up" if outcome.result != "failed" else "failed"
            server.publish_row(cls, student.id)
            if outcome.result == "failed":
                from labctl.errors import LabctlError

                raise LabctlError(f"reset of {student.id} failed: {outcome.error}")
            return f"{student.id}'s env was reset and is up"

        job = server.jobs.start("reset", cls.name, work, student=student.id, total=1)
        if job is None:
            return JSONResponse({"error": f"{student.id}'s env is already being reset"}, status_code=409)
        return JSONResponse(job.to_dict(), status_code=202)

    @app.get("/api/classes/{name}/export/{fmt}")
    def export(request: Request, name: str, fmt: str) -> Response:
        from labctl.classroom import gradebook as gb

        cls = open_class(request, name)
        if fmt not in EXPORTS:
            return JSONResponse({"error": f"format '{fmt}' unknown; choose from: {', '.join(EXPORTS)}"},
                                status_code=400)
        book = gb.gradebook(server.store, cls)
        text = {"csv": lambda: gb.to_csv(book), "json": lambda: gb.to_json_text(gb.to_json(book)),
                "html": lambda: gb.to_html(book),
                "gradescope": lambda: gb.to_json_text(gb.to_gradescope(book))}[fmt]()
        media, suffix = EXPORTS[fmt]
        stamp = time.strftime("%Y%m%d-%H%M")
        return Response(text, media_type=media, headers={
            "Content-Disposition": f'attachment; filename="{cls.name}-{stamp}.{suffix}"'})
