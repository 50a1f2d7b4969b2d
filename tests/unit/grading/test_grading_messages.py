"""What the learner reads when a check fails."""

from __future__ import annotations

import pytest

from labctl.grading.messages import CheckProblem, CheckTimeout, message_for


def test_assertion_shows_the_authors_first_line() -> None:
    exc = AssertionError("expected user deploy in group sudo; found: adm\nassert 'sudo' in ['adm']")
    assert message_for(exc) == "expected user deploy in group sudo; found: adm"


def test_bare_assert_shows_its_statement() -> None:
    assert message_for(AssertionError(), "assert f.mode == 0o600") == "check failed: assert f.mode == 0o600"
    assert message_for(AssertionError()) == "check failed"


def test_other_exceptions_are_type_and_message() -> None:
    assert message_for(ValueError("bad value\nmore")) == "ValueError: bad value"
    assert message_for(KeyError("x")) == "KeyError: 'x'"
    assert message_for(RuntimeError()) == "RuntimeError"


def test_pytest_fail_and_check_problems_read_as_written() -> None:
    with pytest.raises(pytest.fail.Exception) as info:
        pytest.fail("port 80 is closed")
    assert message_for(info.value) == "port 80 is closed"
    assert message_for(CheckProblem("service web is not running")) == "service web is not running"


def test_timeouts_say_so() -> None:
    msg = message_for(CheckTimeout(3))
    assert msg.startswith("timed out after 3 s")


def test_long_messages_are_shortened() -> None:
    msg = message_for(ValueError("x" * 1000))
    assert len(msg) <= 300 and msg.endswith("…")


def test_testinfra_command_failures_are_readable() -> None:
    stock = RuntimeError(
        "Unexpected output CommandResult(backend=<testinfra.backend.docker.DockerBackend object at 0x7f>, "
        "exit_status=1, command=b'cat -- /srv/x', _stdout=b'', "
        "_stderr=b'cat: /srv/x: No such file or directory\\n')"
    )
    assert message_for(stock) == (
        "a command failed in the container: `cat -- /srv/x` (exit 1: cat: /srv/x: No such file or directory)"
    )
    ours = AssertionError("Unexpected exit code 2 for `grep -qs -- x /y` (exit 2)\nassert 2 in (0, 1)")
    assert message_for(ours) == "a command failed in the container: `grep -qs -- x /y` (exit 2)"
