"""The web front end's logic without Docker: tokens, standings, live rows, server options."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest

from labctl.classroom import tokens
from labctl.classroom.classes import Classroom, create_class
from labctl.classroom.live import live_row, pass_rates
from labctl.core.standing import merge_history
from labctl.errors import UserInputError
from labctl.grading.scoring import CheckResult, build_report, score_task
from labctl.spec.loader import load_lab_dir
from labctl.state import Store


@pytest.fixture
def klass(tmp_path: Path, fixture_labs: Path) -> tuple[Store, Classroom]:
    store = Store(tmp_path / "state.db")
    roster = tmp_path / "roster.csv"
    roster.write_text("id,name,email\nann,Ann,a@x.org\nbob,Bob,b@x.org\n")
    cls = create_class(store, "c1", load_lab_dir(fixture_labs / "classlab"), roster).classroom
    return store, cls


def grade(store: Store, cls: Classroom, env: str, **passed: bool) -> None:
    points = {"codeword": 6, "lucky": 4}
    tasks = [score_task(t, t, points[t], [CheckResult(f"test_{t}", ok, "" if ok else f"{t} is wrong")])
             for t, ok in passed.items()]
    report = build_report(cls.lab.id, env, tasks)
    store.add_grade(cls.lab.id, env, report.score, report.max_score, report.to_dict())


def test_tokens_verify_rotate_and_revoke(klass: tuple[Store, Classroom]) -> None:
    store, cls = klass
    links = {link.student_id: link.token for link in tokens.student_links(store, cls)}
    assert set(links) == {"ann", "bob"} and all(links.values())
    ann = tokens.verify(store, links["ann"])
    assert ann == tokens.Principal("student", ann.token_id if ann else "", "c1", "ann")
    # shown once: asking again makes none, and the store holds no secret
    again = tokens.student_links(store, cls)
    assert [link.token for link in again] == [None, None]
    assert all(links["ann"].split(".")[1] not in (t.digest + t.id) for t in store.tokens(live=False))
    # rotation revokes the old one at once; other students keep theirs
    rotated = tokens.student_links(store, cls, rotate=True, students=["ann"])
    assert len(rotated) == 1 and rotated[0].token and rotated[0].token != links["ann"]
    assert tokens.verify(store, links["ann"]) is None
    assert tokens.verify(store, rotated[0].token) is not None and tokens.verify(store, links["bob"]) is not None
    # malformed, unknown, tampered: None
    token_id, secret = links["bob"].split(".")
    for bad in (None, "", "x", token_id, f"{token_id}.{secret[:-1]}A" if secret[-1] != "A" else f"{token_id}.{secret[:-1]}B",
                f"{'0' * 16}.{secret}", f"{token_id}.{secret}.extra", links["bob"].upper()):
        assert tokens.verify(store, bad) is None, bad
    # owner tokens, revoked when the server stops; a class removed takes its tokens with it
    owner, owner_id = tokens.issue_owner_token(store)
    assert tokens.verify(store, owner) == tokens.Principal("owner", owner_id)
    tokens.revoke(store, owner_id)
    assert tokens.verify(store, owner) is None
    store.delete_class("c1")
    assert tokens.verify(store, links["bob"]) is None and store.tokens(class_name="c1", live=False) == []


def test_verify_compares_in_constant_time(monkeypatch: pytest.MonkeyPatch, klass: tuple[Store, Classroom]) -> None:
    store, cls = klass
    token = tokens.student_links(store, cls)[0].token
    calls: list[tuple[str, str]] = []
    real = tokens.hmac.compare_digest

    def spy(a: str, b: str) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(tokens.hmac, "compare_digest", spy)
    assert tokens.verify(store, token) is not None
    assert tokens.verify(store, f"{'f' * 16}.{'A' * 43}") is None  # an unknown id is compared too
    assert len(calls) == 2


def test_standing_takes_each_tasks_latest_result(klass: tuple[Store, Classroom]) -> None:
    store, cls = klass
    env = cls.students[0].env
    grade(store, cls, env, codeword=False, lucky=False)
    time.sleep(0.01)
    grade(store, cls, env, codeword=True)  # a Check of one task
    runs = store.grades(cls.lab.id, env)
    now = merge_history(cls.lab, env, runs)
    assert [(t.id, t.state, t.score) for t in now.tasks] == [("codeword", "passed", 6.0), ("lucky", "failed", 0.0)]
    assert now.score == 6 and now.percent == 60 and now.last_progress == max(r.graded_at for r in runs)
    assert now.task("lucky") and now.task("lucky").feedback == ["lucky is wrong"]  # type: ignore[union-attr]
    untouched = merge_history(cls.lab, env, [])
    assert untouched.score == 0 and {t.state for t in untouched.tasks} == {"untried"} and not untouched.graded


def test_gradebook_counts_a_checked_task_with_the_earlier_full_run(klass: tuple[Store, Classroom]) -> None:
    from labctl.classroom.gradebook import gradebook

    store, cls = klass
    env = cls.students[0].env
    grade(store, cls, env, codeword=False, lucky=True)
    time.sleep(0.01)
    grade(store, cls, env, codeword=True)
    row = gradebook(store, cls).rows[0]
    assert row.scores == {"codeword": 6.0, "lucky": 4.0} and row.total == 10 and row.percent == 100


def test_live_rows_stuck_idle_done(klass: tuple[Store, Classroom]) -> None:
    store, cls = klass
    ann, bob = cls.students
    record = store.list_envs()  # no env records: started at "now" unless graded
    assert record == []
    now = time.time()
    grade(store, cls, ann.env, codeword=True, lucky=False)
    graded_at = store.last_grade(cls.lab.id, ann.env).graded_at  # type: ignore[union-attr]
    # working (active a minute ago) with no new pass for 20 minutes: stuck on lucky
    row = live_row(store, cls, ann, env_state="up", active_at=graded_at + 1140, stuck_after=600, now=graded_at + 1200)
    assert (row.progress, row.current_task, row.passed, row.score) == ("stuck", "lucky", 1, 6.0)
    assert row.tasks["codeword"].state == "passed" and row.tasks["lucky"].state == "failed"
    # no activity for that long: idle, not stuck
    row = live_row(store, cls, ann, env_state="up", active_at=graded_at, stuck_after=600, now=graded_at + 1200)
    assert row.progress == "idle"
    # recent progress: working
    row = live_row(store, cls, ann, env_state="up", active_at=graded_at, stuck_after=600, now=graded_at + 60)
    assert row.progress == "working"
    # env not up: waiting; every task passed: done
    assert live_row(store, cls, bob, env_state="gone", stuck_after=600).progress == "waiting"
    grade(store, cls, bob.env, codeword=True, lucky=True)
    done = live_row(store, cls, bob, env_state="up", stuck_after=600, now=now + 99999)
    assert done.progress == "done" and done.current_task is None
    rates = pass_rates(cls, [live_row(store, cls, s, env_state="up") for s in cls.students])
    assert [(r["id"], r["passed"], r["graded"]) for r in rates] == [("codeword", 2, 2), ("lucky", 1, 2)]


def test_serve_options_warn_and_refuse(tmp_path: Path) -> None:
    from labctl.web.app import WebSettings
    from labctl.web.server import ServeOptions, check_options, is_loopback

    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("10.1.2.3") and not is_loopback("example.org")
    assert check_options(ServeOptions(WebSettings())) == []
    warned = check_options(ServeOptions(WebSettings(host="0.0.0.0")))
    assert len(warned) == 1 and "without TLS" in warned[0]
    cert, key = tmp_path / "c.pem", tmp_path / "k.pem"
    cert.write_text("x")
    key.write_text("x")
    assert check_options(ServeOptions(WebSettings(host="0.0.0.0"), tls_cert=cert, tls_key=key)) == []
    with pytest.raises(UserInputError, match="go together"):
        check_options(ServeOptions(WebSettings(), tls_cert=cert))
    with pytest.raises(UserInputError, match="does not exist"):
        check_options(ServeOptions(WebSettings(), tls_cert=cert, tls_key=tmp_path / "nope.pem"))


def test_access_log_never_shows_a_token() -> None:
    from labctl.web.server import RedactTokens

    record = logging.LogRecord("uvicorn.access", logging.INFO, "", 0, '%s - "%s %s HTTP/%s" %d',
                               ("127.0.0.1:5", "GET", "/login?token=abc.def&x=1", "1.1", 303), None)
    RedactTokens().filter(record)
    assert "abc.def" not in record.getMessage() and "token=***&x=1" in record.getMessage()


def test_markdown_shows_raw_html_as_text() -> None:
    from labctl.web.markdown import to_html
    from labctl.web.routes_env import without_title

    html = to_html("<script>alert(1)</script> and `code` [x](javascript:alert(1))")
    assert "<script>" not in html and "&lt;script&gt;" in html and "<code>code</code>" in html
    assert 'href="javascript' not in html
    assert without_title("# Title\n\nBody") == "\nBody" and without_title("Body\n# x") == "Body\n# x"


def test_serve_command_refuses_an_unknown_class(capsys: pytest.CaptureFixture[str]) -> None:
    from support import cli

    result = cli(["serve", "--class", "nope", "--port", "18399"], capsys)
    assert result.code == 2 and "class 'nope' not found" in result.err
    result = cli(["serve", "--tls-cert", "/nonexistent.pem"], capsys)
    assert result.code == 2 and "go together" in result.err
