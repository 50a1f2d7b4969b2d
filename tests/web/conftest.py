"""Fixtures of the web front end's tests: a real `labctl serve` process, a class of 5, a browser.

- `served`: `python -m labctl serve` on a free port, as a user starts it; its owner link is read
  from what it prints. One per test session (module tests share it).
- `web_class`: a 5-student class of the `classlab` fixture lab, up, with each student's browser
  link from `labctl class access` (removed at the end whatever happens).
- `browser`: Debian's chromium driven by Playwright through `executable_path` (no `playwright
  install`: nothing can be downloaded here; `make test` installs chromium with apt).
"""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests

from labctl.ports import free_port
from support import cli

REPO = Path(__file__).resolve().parents[2]
FIXTURE_LABS = REPO / "tests" / "fixtures" / "labs"
DOCS = REPO / "docs"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]
CLASS = "webc"
ROSTER = """id,name,email
ann,Ann Lee,ann@example.org
bob,Bob Ray,bob@example.org
cy,Cy Dee,cy@example.org
dee,Dee Eff,dee@example.org
eve,Eve Gee,eve@example.org
"""
STUDENTS = ["ann", "bob", "cy", "dee", "eve"]


@dataclass
class Served:
    base: str
    owner_token: str
    proc: subprocess.Popen[str]
    output: list[str] = field(default_factory=list)

    def get(self, path: str, token: str | None = None, **kw: Any) -> requests.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return requests.get(self.base + path, headers={**headers, **kw.pop("headers", {})}, timeout=120, **kw)

    def post(self, path: str, token: str | None = None, **kw: Any) -> requests.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return requests.post(self.base + path, headers={**headers, **kw.pop("headers", {})}, timeout=300, **kw)


@pytest.fixture(scope="session")
def served(labctl_home: Path) -> Iterator[Served]:
    port = free_port("127.0.0.1", set())
    proc = subprocess.Popen(
        [sys.executable, "-m", "labctl", "--labs-path", str(FIXTURE_LABS), "serve", "--port", str(port),
         "--stuck-minutes", "1"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=dict(os.environ),
    )
    lines: list[str] = []
    token: list[str] = []

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line)
            found = re.search(r"/login\?token=(\S+)", line)
            if found and not token:
                token.append(found.group(1))

    threading.Thread(target=read, daemon=True).start()
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise AssertionError("labctl serve ended:\n" + "".join(lines))
            if token:
                try:
                    requests.get(f"http://127.0.0.1:{port}/", timeout=5)
                    break
                except requests.ConnectionError:
                    pass
            time.sleep(0.2)
        else:
            raise AssertionError("labctl serve did not answer within 120 s:\n" + "".join(lines))
        yield Served(f"http://127.0.0.1:{port}", token[0], proc, lines)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@dataclass
class WebClass:
    name: str
    lab: str
    #: student id -> env name, browser link, token
    envs: dict[str, str]
    links: dict[str, str]
    tokens: dict[str, str]


def handout_links(capsys: pytest.CaptureFixture[str] | None, base: str, *extra: str) -> dict[str, str]:
    from contextlib import redirect_stdout

    buf = io.StringIO()
    with redirect_stdout(buf):
        code = cli(["class", "access", CLASS, "--format", "csv", "--web-url", base, *extra], None, FIXTURE_LABS).code
    assert code == 0, buf.getvalue()
    return {row["student_id"]: row["web_link"] for row in csv.DictReader(io.StringIO(buf.getvalue()))}


@pytest.fixture(scope="session")
def web_class(docker_engine: Any, served: Served, tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebClass]:
    from labctl.state import Store

    work = tmp_path_factory.mktemp("webclass")
    roster = work / "roster.csv"
    roster.write_text(ROSTER)
    code = cli(["class", "create", CLASS, "--lab", "classlab", "--roster", str(roster), "--seed", "web-seed",
                "--host", "127.0.0.1", "--ttl", "2h"], None, FIXTURE_LABS).code
    assert code == 0
    try:
        assert cli(["class", "up", CLASS, "--parallel", "5"], None, FIXTURE_LABS).code == 0
        links = handout_links(None, served.base)
        tokens = {s: link.split("token=", 1)[1] for s, link in links.items()}
        envs = {s.id: s.env for s in Store().students(CLASS)}
        yield WebClass(CLASS, "classlab", envs, links, tokens)
    finally:
        cli(["class", "down", CLASS], None, FIXTURE_LABS)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: `make browser` (apt-get install chromium) installs it"
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


def page_errors(page: Any) -> list[str]:
    """Collect the page's JavaScript errors (a test asserts there are none)."""
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    return errors


def terminal_text(page: Any) -> str:
    """What the page's active terminal shows (its whole buffer)."""
    return str(page.evaluate("""() => { const b = window.labctl.term.buffer.active; const out = [];
        for (let i = 0; i < b.length; i++) out.push(b.getLine(i).translateToString(true)); return out.join('\\n'); }"""))


def wait_terminal(page: Any, text: str | re.Pattern[str], timeout: float = 60) -> str:
    """Wait until the active terminal shows `text` (or a match of a pattern); what it shows."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        shown = terminal_text(page)
        if (text.search(shown) if isinstance(text, re.Pattern) else text in shown):
            return shown
        time.sleep(0.2)
    raise AssertionError(f"the terminal never showed {text!r}; it shows:\n{terminal_text(page)[-2000:]}")


def paste(page: Any, text: str) -> None:
    """Paste into the active terminal the way a browser does (a clipboard paste event)."""
    page.evaluate("""(text) => { const area = document.querySelector('.term:not([hidden]) .xterm-helper-textarea');
        const data = new DataTransfer(); data.setData('text/plain', text);
        area.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true})); }""", text)
