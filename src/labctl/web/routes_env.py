"""The learner's page and its API: tasks, Check, hints, history, terminals, live events.

Each route resolves the env through `auth.env_access` first: a student's token
reaches only their own env (anything else is 404). The actions are the CLI's:
`labctl.core.grade.grade` (through the warm grading process), `reveal_hint`,
`task_instructions`, `open_terminal`.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from fastapi import FastAPI, Request, WebSocket, WebSocketDisconnect
from fastapi.responses import JSONResponse, RedirectResponse, Response, StreamingResponse
from pydantic import BaseModel, Field

from labctl.classroom.tokens import verify
from labctl.errors import LabctlError
from labctl.web import auth
from labctl.web.app import Server, html
from labctl.web.hub import env_topic
from labctl.web.markdown import standing_json, to_html
from labctl.web.terminal import Mode

TAB = r"^[0-9a-f]{8}$"


class CheckBody(BaseModel):
    task: str | None = Field(default=None, max_length=100)


class ResizeBody(BaseModel):
    rows: int = Field(ge=2, le=500)
    cols: int = Field(ge=2, le=1000)


def without_title(markdown: str) -> str:
    """A task text without its leading `# Title` line (the page shows the title above it)."""
    lines = markdown.lstrip().splitlines()
    if lines and lines[0].startswith("# "):
        return "\n".join(lines[1:])
    return markdown


def terminal_refusal(access: auth.EnvAccess) -> str | None:
    """Why this env gets no browser terminal (None: it gets one)."""
    lab = access.lab
    if lab.spec.host_docker:
        return (f"Lab {lab.id} gives its learners the host's Docker engine, so it has no browser terminal: "
                f"use `labctl shell {lab.id}` on this machine.")
    part = lab.spec.environment.compose
    if part is None or part.workspace is None:
        return f"Lab {lab.id} has no workspace container; work in the folder `labctl status {lab.id}` shows."
    return None


def page_data(server: Server, request: Request, access: auth.EnvAccess) -> dict[str, Any]:
    from labctl.core.access import render_task_text, task_instructions
    from labctl.core.standing import standing

    lab, record, store = access.lab, access.record, server.store
    tasks = []
    for t in lab.spec.tasks:
        text = task_instructions(store, lab, record.name, t.id)
        tasks.append({"id": t.id, "title": t.title, "points": t.points, "hints_total": len(t.hints),
                      "html": to_html(without_title(text))})
    summary = render_task_text(store, lab, record.name, lab.spec.summary, source=str(lab.spec_file),
                               field="summary")
    base = f"/api/envs/{lab.id}/{record.name}"
    return {
        "lab": lab.id, "env": record.name, "title": lab.spec.title, "phase": lab.spec.phase,
        "summary_html": to_html(summary), "tasks": tasks, "hint_penalty": lab.spec.hint_penalty,
        "max_score": lab.spec.max_score, "status": record.status.value,
        "standing": standing_json(standing(store, lab, record.name)),
        "role": "owner" if access.principal.is_owner else "student",
        "watching": access.watching,
        "student": access.student.id if access.student else None,
        "student_name": access.student.name if access.student else None,
        "class_name": access.classroom.name if access.classroom else None,
        "terminal_refusal": terminal_refusal(access),
        "terminals": [s.info() for s in server.terminals.of_env(lab.id, record.name)],
        "urls": {"api": base, "events": f"/events/envs/{lab.id}/{record.name}",
                 "ws": f"/ws/envs/{lab.id}/{record.name}/terminals"},
    }


def register(app: FastAPI, server: Server) -> None:
    @app.get("/")
    def index(request: Request) -> Response:
        principal = auth.principal_of(server, request)
        if principal is None:
            return html(request, "error.html", {"status": 401, "message": "This server needs your personal link. "
                        "Open the link your instructor gave you (or the one `labctl serve` printed)."}, 401)
        if not principal.is_owner:
            assert principal.class_name is not None and principal.student_id is not None
            cls = server.classroom(principal.class_name)
            student = cls.student(principal.student_id)
            return RedirectResponse(f"/envs/{cls.lab.id}/{student.env}", status_code=303)
        classes = [server.classroom(n) for n in server.class_names()]
        envs = [e for e in server.store.list_envs() if not e.class_name]
        return html(request, "index.html", {"classes": classes, "envs": envs})

    @app.get("/login")
    def login(request: Request, token: str = "") -> Response:
        principal = verify(server.store, token)
        if principal is None or (principal.class_name and not server.serves_class(principal.class_name)):
            return html(request, "error.html", {"status": 401, "message": "This link is not valid (any more). "
                        "Ask for a new one: links are revoked when they are replaced."}, 401)
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(auth.COOKIE, token, httponly=True, samesite="strict", secure=server.settings.tls,
                            max_age=14 * 86400, path="/")
        return response

    @app.get("/logout")
    def logout() -> Response:
        response = RedirectResponse("/", status_code=303)
        response.delete_cookie(auth.COOKIE, path="/")
        return response

    @app.get("/envs/{lab_id}/{env}")
    def learner_page(request: Request, lab_id: str, env: str) -> Response:
        access = auth.env_access(server, request, lab_id, env)
        return html(request, "learner.html", {"data": page_data(server, request, access),
                                              "title": access.lab.spec.title})

    @app.get("/api/envs/{lab_id}/{env}")
    def env_state(request: Request, lab_id: str, env: str) -> dict[str, Any]:
        access = auth.env_access(server, request, lab_id, env)
        return page_data(server, request, access)

    @app.post("/api/envs/{lab_id}/{env}/check")
    def check(request: Request, lab_id: str, env: str, body: CheckBody | None = None) -> dict[str, Any]:
        from labctl.core.standing import standing
        from labctl.grading.reports import to_json

        access = auth.env_access(server, request, lab_id, env)
        tasks = [body.task] if body and body.task else []
        if not access.watching:
            server.note_activity(access.lab.id, env)
        report = server.graders.check(server.store, access.lab, env, tasks)
        server.env_changed(access.lab, access.record)
        return {"report": to_json(report), "standing": standing_json(standing(server.store, access.lab, env))}

    @app.post("/api/envs/{lab_id}/{env}/hints/{task_id}")
    def hint(request: Request, lab_id: str, env: str, task_id: str) -> dict[str, Any]:
        from dataclasses import asdict

        from labctl.core.grade import reveal_hint
        from labctl.core.standing import standing

        access = auth.env_access(server, request, lab_id, env)
        if access.watching:
            raise auth.Denied(403, "hints are the student's to reveal")
        server.note_activity(access.lab.id, env)
        result = reveal_hint(server.store, access.lab, env, task_id)
        server.env_changed(access.lab, access.record)
        return {"hint": asdict(result), "standing": standing_json(standing(server.store, access.lab, env))}

    @app.get("/api/envs/{lab_id}/{env}/history")
    def history(request: Request, lab_id: str, env: str, limit: int = 20) -> dict[str, Any]:
        access = auth.env_access(server, request, lab_id, env)
        runs = server.store.grades(access.lab.id, env, limit=max(1, min(limit, 200)))
        return {"runs": [{"id": g.id, "graded_at": g.graded_at, "score": g.score, "max_score": g.max_score,
                          "tasks": [t["id"] for t in g.report.get("tasks", [])]} for g in runs]}

    @app.get("/events/envs/{lab_id}/{env}")
    def env_events(request: Request, lab_id: str, env: str) -> Response:
        access = auth.env_access(server, request, lab_id, env)
        sessions = [s.info() for s in server.terminals.of_env(access.lab.id, env)]
        first = [{"type": "terminals", "terminals": sessions}]
        return StreamingResponse(server.hub.stream(env_topic(access.lab.id, env), first),
                                 media_type="text/event-stream", headers={"Cache-Control": "no-store"})

    # -- terminals --------------------------------------------------------------------

    @app.get("/api/envs/{lab_id}/{env}/terminals")
    def terminals(request: Request, lab_id: str, env: str) -> dict[str, Any]:
        access = auth.env_access(server, request, lab_id, env)
        return {"terminals": [s.info() for s in server.terminals.of_env(access.lab.id, env)]}

    @app.post("/api/envs/{lab_id}/{env}/terminals")
    async def new_terminal(request: Request, lab_id: str, env: str) -> Response:
        from labctl.core.access import open_terminal

        access = await asyncio.to_thread(auth.env_access, server, request, lab_id, env)
        refusal = terminal_refusal(access)
        if refusal:
            return JSONResponse({"error": refusal}, status_code=400)
        if access.record.status.value != "up":
            return JSONResponse({"error": f"env '{env}' is {access.record.status.value}, not up."}, status_code=409)
        session = await server.terminals.open(access.lab.id, env,
                                              lambda: open_terminal(server.store, access.lab, env))
        return JSONResponse(session.info(), status_code=201)

    @app.delete("/api/envs/{lab_id}/{env}/terminals/{tab}")
    async def close_terminal(request: Request, lab_id: str, env: str, tab: str) -> Response:
        access = await asyncio.to_thread(auth.env_access, server, request, lab_id, env)
        session = server.terminals.get(access.lab.id, env, tab)
        if session is None or access.watching:
            raise auth.NOT_FOUND()
        session.end()
        return Response(status_code=204)

    @app.post("/api/envs/{lab_id}/{env}/terminals/{tab}/resize")
    async def resize(request: Request, lab_id: str, env: str, tab: str, body: ResizeBody) -> Response:
        access = await asyncio.to_thread(auth.env_access, server, request, lab_id, env)
        session = server.terminals.get(access.lab.id, env, tab)
        if session is None:
            raise auth.NOT_FOUND()
        if not access.watching:  # the instructor's window never reshapes the student's terminal
            await session.resize(body.rows, body.cols)
        return Response(status_code=204)

    @app.websocket("/ws/envs/{lab_id}/{env}/terminals/{tab}")
    async def terminal_socket(websocket: WebSocket, lab_id: str, env: str, tab: str, mode: str = "own") -> None:
        # Refusals are close codes after the handshake (4401 no or bad token, 4403 another site,
        # 4404 not yours or gone: the same for both), so the page knows not to reconnect.
        await websocket.accept()
        if not auth.same_origin(websocket):
            await websocket.close(code=4403, reason="cross-site request refused")
            return
        try:
            access = await asyncio.to_thread(auth.env_access, server, websocket, lab_id, env)
        except auth.Denied as exc:
            await websocket.close(code=4401 if exc.status == 401 else 4404, reason=exc.message[:100])
            return
        except LabctlError:
            await websocket.close(code=4404, reason="not found")
            return
        session = server.terminals.get(access.lab.id, env, tab)
        if session is None:
            await websocket.close(code=4404, reason="this terminal has ended")
            return
        attach: Mode = "own"
        if access.watching:
            attach = "join" if mode == "join" else "view"
        viewer = session.attach(attach, "instructor" if access.watching else "learner")
        if access.watching:
            server.terminals.changed(access.lab.id, env)

        async def pump_out() -> None:
            while True:
                data = await viewer.queue.get()
                if data is None:
                    break
                viewer.pending -= len(data)
                await websocket.send_bytes(data)
            reason = "the shell ended" if session.ended else "reconnect"
            await websocket.close(code=1000 if session.ended else 4409, reason=reason)

        async def pump_in() -> None:
            while True:
                message = await websocket.receive()
                if message["type"] == "websocket.disconnect":
                    return
                data = message.get("bytes") or (message.get("text") or "").encode()
                if data and viewer.mode != "view":
                    await session.write(data)
                    if viewer.mode == "own":
                        server.note_activity(session.lab, session.env)

        out_task = asyncio.create_task(pump_out())
        in_task = asyncio.create_task(pump_in())
        try:
            await asyncio.wait({out_task, in_task}, return_when=asyncio.FIRST_COMPLETED)
        except WebSocketDisconnect:
            pass
        finally:
            for task in (out_task, in_task):
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
            session.detach(viewer)
            if access.watching and not session.ended:
                server.terminals.changed(access.lab.id, env)
