"""An instructor follows a class of 5 live in a real browser (chromium + Playwright).

A student works in her browser tab (terminal, Check); the instructor's class view changes as
her check passes, without a reload; the instructor watches her terminal read-only, then joins
it (she sees a banner), grades everyone, resets a student and exports the gradebook.
"""

from __future__ import annotations

import csv
import io
import re
import time
from pathlib import Path
from typing import Any

import pytest

from conftest import DOCS, Served, WebClass, page_errors, terminal_text, wait_terminal

pytestmark = [pytest.mark.docker, pytest.mark.slow]


def row(page: Any, student: str) -> Any:
    return page.locator(f'#roster tr[data-student="{student}"]')


def test_instructor_follows_a_class_of_5_live(browser: Any, served: Served, web_class: WebClass) -> None:
    teacher = browser.new_context(viewport={"width": 1500, "height": 860}, accept_downloads=True)
    student = browser.new_context(viewport={"width": 1300, "height": 800})
    t_page, s_page = teacher.new_page(), student.new_page()
    t_errors, s_errors = page_errors(t_page), page_errors(s_page)
    try:
        t_page.goto(f"{served.base}/login?token={served.owner_token}")
        t_page.click(f'a[data-class="{web_class.name}"]')
        t_page.wait_for_selector("#roster tbody tr >> nth=4")
        assert t_page.locator("#roster tbody tr").count() == 5
        t_page.wait_for_selector("#live.ok")
        assert row(t_page, "ann").get_attribute("data-passed") == "0"

        # Ann opens her link, reads her codeword in the task, and writes it from her terminal
        s_page.goto(web_class.links["ann"])
        s_page.wait_for_selector(".xterm-screen")
        text = s_page.locator("#task-codeword .text").inner_text()
        codeword = re.search(r"\b(cw-[a-z0-9-]+)\b", text)
        assert codeword, text
        wait_terminal(s_page, "learner@")
        s_page.locator(".term:not([hidden]) .xterm-helper-textarea").focus()
        s_page.keyboard.type(f"printf '%s\\n' {codeword.group(1)} > ~/codeword.txt && echo written-ok\n")
        wait_terminal(s_page, "written-ok")

        # she checks; the instructor's row changes live (no reload)
        before = row(t_page, "ann").get_attribute("data-score")
        rate_before = t_page.locator('#chart .col[data-task="codeword"]').get_attribute("data-rate")
        started = time.monotonic()
        s_page.click("#task-codeword [data-check]")
        s_page.wait_for_selector('#task-codeword[data-state="passed"]', timeout=180_000)
        t_page.wait_for_selector('#roster tr[data-student="ann"][data-passed="1"]', timeout=60_000)
        print(f"check to instructor's row: {time.monotonic() - started:.2f}s (includes grading)")
        assert before in ("", None) and row(t_page, "ann").get_attribute("data-score") == "6"
        assert "passed" in (row(t_page, "ann").locator('td[data-task="codeword"]').get_attribute("class") or "")
        rate = t_page.locator('#chart .col[data-task="codeword"]').get_attribute("data-rate")
        assert float(rate) > float(rate_before or 0)  # the chart moved too (other students may have checked)

        # the instructor opens her terminal: read-only first
        with teacher.expect_page() as opened:
            row(t_page, "ann").locator("a[data-open]").click()
        watch = opened.value
        watch_errors = page_errors(watch)
        watch.wait_for_selector("#banner:not([hidden])")
        assert "watching" in watch.locator("#banner").inner_text()
        wait_terminal(watch, "written-ok")
        s_page.wait_for_selector("#banner.watched:not([hidden])", timeout=60_000)
        watch.locator(".term:not([hidden]) .xterm-helper-textarea").focus()
        watch.keyboard.type("echo typed-while-viewing\n")
        time.sleep(1)
        assert "typed-while-viewing" not in terminal_text(s_page)  # a viewer's keys go nowhere

        # ... then joins: she sees it, and what the instructor types
        watch.click("#join")
        s_page.wait_for_selector("#banner.joined:not([hidden])", timeout=60_000)
        assert "joined your terminal" in s_page.locator("#banner").inner_text()
        time.sleep(0.5)
        watch.locator(".term:not([hidden]) .xterm-helper-textarea").focus()
        watch.keyboard.type("echo from-$((6*7))-instructor\n")
        wait_terminal(s_page, "from-42-instructor")
        s_page.screenshot(path=str(DOCS / "web-joined-banner.png"))
        watch.close()
        s_page.wait_for_selector("#banner", state="hidden", timeout=60_000)

        # grade all: every row gets a last check
        t_page.click("#grade-all")
        t_page.wait_for_selector(".job.done", timeout=300_000)
        assert "graded 5 of 5" in t_page.locator("#job").inner_text()
        for s in ("bob", "cy", "dee", "eve"):
            assert row(t_page, s).get_attribute("data-score") == "0"
        assert row(t_page, "ann").get_attribute("data-score") == "6"
        assert t_page.locator('#chart .col[data-task="codeword"]').get_attribute("data-rate") == "0.2000"
        time.sleep(1.6)  # the rows' update flash fades
        t_page.screenshot(path=str(DOCS / "web-class-view.png"), full_page=True)

        # export the gradebook (the same CSV as `labctl class report --format csv`)
        with t_page.expect_download() as download:
            t_page.click('a[data-export="csv"]')
        rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
        assert [r["student_id"] for r in rows] == ["ann", "bob", "cy", "dee", "eve"] and rows[0]["total"] == "6"

        # reset a student from the view
        t_page.once("dialog", lambda dialog: dialog.accept())
        row(t_page, "eve").locator("button[data-reset]").click()
        t_page.wait_for_function("() => { const job = document.querySelector('#job');"
                                 " return job.textContent.startsWith('Resetting eve') && !job.classList.contains('running'); }",
                                 timeout=300_000)
        assert "reset and is up" in t_page.locator("#job").inner_text(), t_page.locator("#job").inner_text()
        t_page.wait_for_selector('#roster tr[data-student="eve"] td.env-state.up', timeout=60_000)
        assert row(t_page, "eve").get_attribute("data-score") == ""  # her grades went with her env
        assert not t_errors and not s_errors and not watch_errors, (t_errors, s_errors, watch_errors)
    finally:
        teacher.close()
        student.close()
