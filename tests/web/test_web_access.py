"""Access control of `labctl serve`, over real HTTP and WebSocket against a real class of 5.

A student's link opens their own page, terminal, checks and scores, nothing else: every other
env, class view, export, terminal and event stream answers 404 (as one that does not exist),
including ids that are guessed. Links are revocable; requests from other sites are refused.
"""

from __future__ import annotations

import asyncio
import subprocess
import time
from typing import Any

import pytest
import requests
import websockets

from conftest import CLASS, FIXTURE_LABS, Served, WebClass, handout_links
from support import store_id

pytestmark = [pytest.mark.docker, pytest.mark.slow]


def ws_url(served: Served, lab: str, env: str, tab: str, mode: str = "own") -> str:
    return f"{served.base.replace('http', 'ws', 1)}/ws/envs/{lab}/{env}/terminals/{tab}?mode={mode}"


async def ws_try(url: str, token: str | None, origin: str | None = None) -> tuple[str, Any]:
    """('open', first bytes) or ('closed', close code) or ('refused', HTTP status)."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if origin:
        headers["Origin"] = origin
    try:
        async with websockets.connect(url, additional_headers=headers, open_timeout=30) as ws:
            try:
                first = await asyncio.wait_for(ws.recv(), 10)
            except websockets.ConnectionClosed as closed:
                return "closed", closed.rcvd.code if closed.rcvd else None
            return "open", first
    except websockets.InvalidStatus as exc:
        return "refused", exc.response.status_code


def test_no_token_is_401_everywhere(served: Served, web_class: WebClass) -> None:
    env = web_class.envs["ann"]
    for path in ("/", f"/envs/classlab/{env}", f"/api/envs/classlab/{env}", f"/classes/{CLASS}",
                 f"/api/classes/{CLASS}", f"/events/classes/{CLASS}", f"/api/classes/{CLASS}/export/csv"):
        assert served.get(path).status_code == 401, path
    assert served.post(f"/api/envs/classlab/{env}/check", json={}).status_code == 401
    assert served.get("/", token="0123456789abcdef.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").status_code == 401
    assert served.get("/", token="not-a-token").status_code == 401


def test_a_student_reaches_only_their_own(served: Served, web_class: WebClass) -> None:
    ann, bob = web_class.tokens["ann"], web_class.tokens["bob"]
    ann_env, bob_env = web_class.envs["ann"], web_class.envs["bob"]
    # the link logs in (cookie) and lands on their own page
    session = requests.Session()
    landed = session.get(web_class.links["ann"], timeout=60)
    assert landed.status_code == 200 and landed.url.endswith(f"/envs/classlab/{ann_env}")
    assert "httponly" in str(session.cookies).lower() or session.cookies.get("labctl_token")
    assert session.get(f"{served.base}/api/envs/classlab/{ann_env}", timeout=60).json()["student"] == "ann"
    # everything of bob's, the class view and exports: 404, as for what does not exist
    for path in (f"/envs/classlab/{bob_env}", f"/api/envs/classlab/{bob_env}",
                 f"/api/envs/classlab/{bob_env}/history", f"/api/envs/classlab/{bob_env}/terminals",
                 f"/events/envs/classlab/{bob_env}", f"/classes/{CLASS}", f"/api/classes/{CLASS}",
                 f"/events/classes/{CLASS}", f"/api/classes/{CLASS}/export/csv",
                 f"/envs/classlab/{CLASS}-nobody", "/envs/phase1/default", f"/envs/basic/{ann_env}"):
        got = served.get(path, ann)
        assert got.status_code == 404, (path, got.status_code, got.text[:200])
        if "/api/" in path or "/events/" in path:
            assert got.json() == {"error": "not found"}, path  # nothing tells it apart from a missing one
    for path in (f"/api/envs/classlab/{bob_env}/check", f"/api/envs/classlab/{bob_env}/hints/codeword",
                 f"/api/envs/classlab/{bob_env}/terminals", f"/api/classes/{CLASS}/grade",
                 f"/api/classes/{CLASS}/students/bob/reset"):
        assert served.post(path, ann, json={}).status_code == 404, path
    # bob's token is bob's
    assert served.get(f"/api/envs/classlab/{bob_env}", bob).status_code == 200
    # the owner sees everyone
    assert served.get(f"/api/classes/{CLASS}", served.owner_token).status_code == 200


def test_a_student_cannot_open_another_students_terminal(served: Served, web_class: WebClass) -> None:
    ann_env, bob_env = web_class.envs["ann"], web_class.envs["bob"]
    made = served.post(f"/api/envs/classlab/{bob_env}/terminals", web_class.tokens["bob"])
    assert made.status_code == 201, made.text
    tab = made.json()["tab"]
    try:
        # bob gets his shell (the prompt of the class's ssh user)
        kind, first = asyncio.run(ws_try(ws_url(served, "classlab", bob_env, tab), web_class.tokens["bob"]))
        assert kind == "open", (kind, first)
        # ann, knowing bob's env and even his tab id, does not; nor with a guessed tab
        for mode in ("own", "join", "view"):
            kind, detail = asyncio.run(ws_try(ws_url(served, "classlab", bob_env, tab, mode), web_class.tokens["ann"]))
            assert (kind, detail) == ("closed", 4404), mode
        kind, detail = asyncio.run(ws_try(ws_url(served, "classlab", ann_env, tab), web_class.tokens["ann"]))
        assert (kind, detail) == ("closed", 4404)  # his tab id under her env: no such terminal
        # no token, or a token in a cross-site handshake: refused
        kind, detail = asyncio.run(ws_try(ws_url(served, "classlab", bob_env, tab), None))
        assert (kind, detail) == ("closed", 4401)
        kind, detail = asyncio.run(ws_try(ws_url(served, "classlab", bob_env, tab), web_class.tokens["bob"],
                                          origin="http://evil.example"))
        assert (kind, detail) == ("closed", 4403)
        # the instructor may watch
        kind, _ = asyncio.run(ws_try(ws_url(served, "classlab", bob_env, tab, "view"), served.owner_token))
        assert kind == "open"
    finally:
        requests.delete(f"{served.base}/api/envs/classlab/{bob_env}/terminals/{tab}",
                        headers={"Authorization": f"Bearer {web_class.tokens['bob']}"}, timeout=60)
    # closing the tab ended its shell in the container (Docker would have left it running)
    container = f"labctl-{store_id()}-classlab--{bob_env}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        shells = subprocess.run(["docker", "ps", "-q", "--filter", f"label=io.labctl.env={bob_env}"],
                                capture_output=True, text=True).stdout.split()
        left = [subprocess.run(["docker", "exec", c, "pgrep", "-u", "learner", "bash"], capture_output=True,
                               text=True).stdout.split() for c in shells]
        if shells and not any(left):
            break
        time.sleep(0.5)
    else:
        raise AssertionError(f"bob's shell still runs in {container} after its tab was closed")


def test_cross_site_posts_are_refused(served: Served, web_class: WebClass) -> None:
    env = web_class.envs["cy"]
    got = served.post(f"/api/envs/classlab/{env}/hints/codeword", web_class.tokens["cy"],
                      headers={"Origin": "http://evil.example"})
    assert got.status_code == 403
    page = served.get(f"/api/envs/classlab/{env}", web_class.tokens["cy"]).json()
    assert page["standing"]["tasks"][0]["hints_used"] == 0  # nothing was revealed


def test_rotate_revokes_the_old_link(served: Served, web_class: WebClass) -> None:
    old = web_class.tokens["eve"]
    env = web_class.envs["eve"]
    assert served.get(f"/api/envs/classlab/{env}", old).status_code == 200
    links = handout_links(None, served.base, "--rotate", "-s", "eve")
    assert list(links) == ["eve"] and "token=" in links["eve"]
    new = links["eve"].split("token=", 1)[1]
    assert served.get(f"/api/envs/classlab/{env}", old).status_code == 401
    assert served.get(f"/api/envs/classlab/{env}", new).status_code == 200
    web_class.tokens["eve"], web_class.links["eve"] = new, links["eve"]
    # others are untouched; a second handout shows no token again (only digests are stored)
    again = handout_links(None, served.base)
    assert "token=" not in again["ann"] and "--rotate" in again["ann"]
    assert served.get(f"/api/envs/classlab/{web_class.envs['ann']}", web_class.tokens["ann"]).status_code == 200


def test_tokens_are_stored_as_digests(web_class: WebClass) -> None:
    from labctl.state import Store

    store = Store()
    rows = store.tokens(class_name=CLASS)
    assert len(rows) == 5
    stored = " ".join(f"{r.id} {r.digest}" for r in store.tokens(class_name=CLASS, live=False))
    for token in web_class.tokens.values():
        assert token.split(".", 1)[1] not in stored
    assert FIXTURE_LABS.is_dir()


def test_a_student_checks_their_own_env(served: Served, web_class: WebClass) -> None:
    env = web_class.envs["dee"]
    started = time.monotonic()
    got = served.post(f"/api/envs/classlab/{env}/check", web_class.tokens["dee"], json={"task": "codeword"})
    assert got.status_code == 200, got.text
    body = got.json()
    assert [t["id"] for t in body["report"]["tasks"]] == ["codeword"]
    codeword = body["standing"]["tasks"][0]
    assert codeword["state"] == "failed" and any("codeword" in line for line in codeword["feedback"])
    assert time.monotonic() - started < 300
    # an unknown task is a clear 404, not a crash
    bad = served.post(f"/api/envs/classlab/{env}/check", web_class.tokens["dee"], json={"task": "nope"})
    assert bad.status_code == 404 and "codeword, lucky" in bad.json()["error"]
