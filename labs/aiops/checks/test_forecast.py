"""Task forecast: forecast.py tells when each volume's usage trend reaches its capacity (ISO
8601), within 12 hours or 15% of the time left, and `never` for the volume that does not grow."""

from __future__ import annotations

from datetime import UTC, datetime

import _aiops as lab
import pytest


def _answer(host, volume: str) -> tuple[str, object]:
    lab.need_script(host, "forecast.py")
    r = lab.script(host, "forecast.py", f"--volume {volume}", timeout=90)
    if r.rc != 0:
        pytest.fail(f"forecast.py --volume {volume} exited {r.rc}: {lab.tail(r.out, 2)}")
    line = lab.last_line(r.stdout)
    if line.lower() == "never":
        return line, None
    try:
        when = datetime.fromisoformat(line.replace("Z", "+00:00"))
    except ValueError:
        pytest.fail(f"forecast.py --volume {volume} should print an ISO 8601 time or never; its last line is {line!r}")
    if when.tzinfo is None:
        pytest.fail(f"forecast.py --volume {volume} printed {line} without a time zone: give the time in UTC "
                    "(…+00:00 or …Z)")
    return line, when.timestamp()


def _grade(host, volume: str) -> None:
    t = lab.truth(host)
    line, when = _answer(host, volume)
    full_at = t["disks"][volume]["full_at"]
    if full_at is None:
        assert when is None, f"volume {volume} does not fill up (its usage does not grow); forecast.py said {line}"
        return
    assert when is not None, f"volume {volume} does fill up; forecast.py said never"
    left = full_at - t["end"]
    tolerance = max(12 * 3600, 0.15 * left)
    off = (when - full_at) / 3600
    assert abs(when - full_at) <= tolerance, (
        f"volume {volume}: your forecast {line} is {abs(off):.0f} hours too {'late' if off > 0 else 'early'} "
        f"(at most {tolerance / 3600:.0f} h is allowed; the history ends "
        f"{datetime.fromtimestamp(t['end'], UTC).isoformat()})")


@pytest.mark.points(7)
@pytest.mark.timeout(400)
def test_data_volume(host):
    _grade(host, "data")


@pytest.mark.points(8)
@pytest.mark.timeout(400)
def test_backups_volume(host):
    _grade(host, "backups")


@pytest.mark.points(5)
@pytest.mark.timeout(400)
def test_logs_volume(host):
    _grade(host, "logs")
