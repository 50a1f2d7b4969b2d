"""A learner does the whole phase1 lab from a browser tab only (chromium + Playwright).

Everything goes through the page: the terminal (typing, pasting, colours, resize, a second
tab, a dropped connection that comes back to the same shell), the Check buttons (before and
after the work, the score changing), and a hint whose penalty is shown before it is revealed.
The work pasted is each task's reference solution, typed as a learner would run it: written to
a file in the workstation, run there or on web01 over SSH.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import DOCS, REPO, Served, page_errors, paste, terminal_text, wait_terminal
from support import cli

pytestmark = [pytest.mark.docker, pytest.mark.slow]

LAB, ENV = "phase1", "browser"


@pytest.fixture(scope="module")
def phase1_env(docker_engine: Any) -> Iterator[dict[str, Any]]:
    from labctl.state import Store

    try:
        assert cli(["up", LAB, "--env", ENV]).code == 0
        record = Store().get_env(LAB, ENV)
        assert record is not None
        yield dict(record.params)
    finally:
        cli(["down", LAB, "--env", ENV])


def type_line(page: Any, text: str) -> None:
    page.locator(".term:not([hidden]) .xterm-helper-textarea").focus()
    page.keyboard.type(text + "\n")


def run_solution(page: Any, task: str, params: dict[str, Any], where: str, marker: str) -> None:
    """Paste the task's reference solution into a file on the workstation and run it (there, or
    on web01 over SSH as admin with sudo)."""
    script = (REPO / "labs" / LAB / "solution" / f"{task}.sh").read_text()
    # `cat > FILE`, paste, Ctrl-D: the terminal's own line editing takes the paste, not bash's
    type_line(page, f"cat > /tmp/{task}.sh")
    time.sleep(0.5)
    paste(page, script.rstrip() + "\n")
    page.keyboard.press("Control+D")
    type_line(page, f"wc -l < /tmp/{task}.sh")
    wait_terminal(page, f"\n{script.rstrip().count(chr(10)) + 1}\n", timeout=120)
    exports = " ".join(f"LAB_PARAM_{k.upper()}={v}" for k, v in params.items())
    if where == "web":
        line = f"ssh -o BatchMode=yes admin@web01 sudo env {exports} bash -s < /tmp/{task}.sh"
    else:
        line = f"env {exports} bash /tmp/{task}.sh"
    for attempt in range(3):
        type_line(page, f"{line} && echo {marker} || echo {task}-failed-{attempt}")
        shown = wait_terminal(page, re.compile(rf"\n({re.escape(marker)}|{task}-failed-{attempt})\n"), timeout=120)
        if f"\n{marker}" in shown:
            return
        # Docker's embedded DNS sometimes fails a lookup on this loaded, shared machine ("Could not
        # resolve hostname web01"): run it again, as a learner would (the solutions are idempotent)
        print(f"{task}: attempt {attempt + 1} failed:\n{shown[-600:]}")
    raise AssertionError(f"the {task} solution failed three times")


def score(page: Any) -> float:
    return float(page.locator("#score").get_attribute("data-score"))


def check(page: Any, task: str | None) -> None:
    button = "#check-all" if task is None else f"#task-{task} [data-check]"
    page.click(button)
    page.wait_for_selector(f"{button}:not([disabled])", timeout=300_000)


def test_learner_does_phase1_from_the_browser(browser: Any, served: Served, phase1_env: dict[str, Any]) -> None:
    params = phase1_env
    context = browser.new_context(viewport={"width": 1400, "height": 880})
    page = context.new_page()
    errors = page_errors(page)
    try:
        page.goto(f"{served.base}/login?token={served.owner_token}")
        page.click(f'a[data-env="{LAB}/{ENV}"]')
        page.wait_for_selector(".xterm-screen")
        # the tasks are rendered with this env's own parameters, with their points
        users = page.locator("#task-users")
        assert params["deploy_user"] in users.inner_text() and "–/20" in users.locator("[data-points]").inner_text()
        assert page.locator("#score").inner_text().startswith("Score 0 / 100")
        wait_terminal(page, "root@workstation")

        # typing, colours, resize
        type_line(page, "printf '\\033[31mred-%s\\033[0m\\n' $((20+1))")
        wait_terminal(page, "red-21")
        red = page.evaluate("""() => { const b = window.labctl.term.buffer.active;
            for (let i = 0; i < b.length; i++) { const l = b.getLine(i); const s = l.translateToString(true);
              const at = s.indexOf('red-21'); if (at >= 0 && !s.includes('printf')) return l.getCell(at).getFgColor(); }
            return -1; }""")
        assert red == 1  # ANSI red reached the terminal as a colour, not as text
        with page.expect_response(lambda r: r.url.endswith("/resize") and r.request.method == "POST", timeout=60_000):
            page.set_viewport_size({"width": 1100, "height": 700})
        cols = page.evaluate("() => window.labctl.term.cols")
        type_line(page, "stty size")
        wait_terminal(page, f" {cols}\n")
        with page.expect_response(lambda r: r.url.endswith("/resize") and r.request.method == "POST", timeout=60_000):
            page.set_viewport_size({"width": 1400, "height": 880})

        # Check before the work: the task fails with feedback, the score stays 0
        check(page, "users")
        assert page.locator("#task-users").get_attribute("data-state") == "failed"
        assert page.locator("#task-users [data-feedback] li").count() >= 1
        assert score(page) == 0

        # a dropped connection comes back to the same shell, screen and all
        type_line(page, "echo shell-pid-$$")
        found = re.search(r"shell-pid-(\d+)", wait_terminal(page, re.compile(r"shell-pid-\d+")))
        assert found
        pid = found.group(1)
        page.evaluate("() => [...window.labctl.tabs.values()][0].link.ws.close()")
        page.wait_for_function("() => { const s = [...window.labctl.tabs.values()][0];"
                               " return s.link && s.link.ws.readyState === 1; }", timeout=30_000)
        wait_terminal(page, f"shell-pid-{pid}")
        type_line(page, "echo again-pid-$$")
        wait_terminal(page, f"again-pid-{pid}")

        # the work of the first task, then Check: it passes and the score grows
        run_solution(page, "users", params, "workspace", "users-done")
        check(page, "users")
        assert page.locator("#task-users").get_attribute("data-state") == "passed"
        assert score(page) == 20
        assert "20/20" in page.locator("#task-users [data-points]").inner_text()

        # a hint: the penalty is shown before it is revealed, then the hint is there
        page.click("#task-backup [data-hint]")
        question = page.locator("#hint-question").inner_text()
        assert "hint 1 of 3" in question and "0.5 point" in question
        page.click("#hint-confirm")
        page.wait_for_selector('#task-backup [data-hint-level="1"]')
        assert "date +%F" in page.locator("#task-backup [data-hints] code").first.inner_text()  # markdown
        assert "2 left" in page.locator("#task-backup [data-hint]").inner_text()

        # a second terminal tab: another shell
        page.click("#new-tab")
        page.wait_for_function("() => { const tabs = [...window.labctl.tabs.values()]; return tabs.length === 2"
                               " && window.labctl.term === tabs[1].term && tabs[1].link && tabs[1].link.ws.readyState === 1; }")
        wait_terminal(page, "root@workstation")
        type_line(page, "echo second-tab-$$")
        text = wait_terminal(page, re.compile(r"second-tab-\d+"))
        assert f"second-tab-{pid}" not in text
        page.locator("#tab-list button.tab").first.click()

        # the rest of the lab, then Check all: full marks less the hint
        for task, where in (("backup", "web"), ("cron", "web"), ("logs", "web"), ("network", "web"), ("git", "workspace")):
            run_solution(page, task, params, where, f"{task}-done")
        tasks = ("users", "backup", "cron", "logs", "network", "git")
        check(page, None)
        failing = {t: page.locator(f"#task-{t} [data-feedback]").inner_text() for t in tasks
                   if page.locator(f"#task-{t}").get_attribute("data-state") != "passed"}
        if failing:  # on this shared, loaded machine a check can time out: press Check again, as a learner would
            print(f"Check all, first try, did not pass: {failing}")
            check(page, None)
        states = {t: page.locator(f"#task-{t}").get_attribute("data-state") for t in tasks}
        feedback = {t: page.locator(f"#task-{t} [data-feedback]").inner_text() for t in tasks if states[t] != "passed"}
        assert set(states.values()) == {"passed"}, (states, feedback)
        assert score(page) == 99.5
        assert page.locator("#history li").count() >= 3
        type_line(page, "clear; ssh admin@web01 ls -l /var/backups/shop; git -C /root/shop-site log --oneline --all;"
                        " echo screen-$((40+2))")
        wait_terminal(page, "\nscreen-42")
        page.evaluate("() => document.querySelector('#task-backup [data-hints]').scrollIntoView({block: 'center'})")
        time.sleep(0.5)
        page.screenshot(path=str(DOCS / "web-learner.png"))
        assert "Traceback" not in terminal_text(page)
        assert not errors, errors
    finally:
        context.close()


def test_screenshots_are_linked_from_the_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in ("web-learner.png", "web-class-view.png"):
        assert f"docs/{name}" in readme and Path(DOCS / name).is_file()
