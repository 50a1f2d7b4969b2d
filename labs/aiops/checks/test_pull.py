"""Task pull: fetch.py writes every sample of one series over any range (more than 11,000
steps included) as `timestamp,value`, exactly what Prometheus returns; several series, none,
and invalid PromQL exit 2 with a message and no traceback."""

from __future__ import annotations

import csv
import io
import math
import shlex

import _aiops as lab
import pytest

OUT = "/tmp/labctl-grader-fetch.csv"


def _fetch(host, query: str, start: float, end: float, step: int):
    q = shlex.quote(query)
    return lab.script(host, "fetch.py", f"--query {q} --start {int(start)} --end {int(end)} --step {step} --out {OUT}")


def _compare(host, http, query: str, start: float, end: float, step: int) -> str | None:
    """None when the learner's CSV holds exactly Prometheus' samples, else what differs."""
    host("workspace").run(f"rm -f {OUT}")
    r = _fetch(host, query, start, end, step)
    if r.rc != 0:
        return f"fetch.py exited {r.rc}: {lab.tail(r.out)}"
    text = host("workspace").run(f"cat {OUT}").stdout
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or [c.strip() for c in rows[0]] != ["timestamp", "value"]:
        return f"the CSV should start with the header timestamp,value; it starts with {rows[0] if rows else 'nothing'}"
    want = lab.prom_range(http, query, start, end, step)[0]["values"]
    got = rows[1:]
    if len(got) != len(want):
        return f"Prometheus has {len(want)} samples for {query} in that range at a {step} s step; the CSV has {len(got)} rows"
    for (t, v), row in zip(want, got, strict=True):
        try:
            gt, gv = float(row[0]), float(row[1])
        except (ValueError, IndexError):
            return f"a row is not timestamp,value: {','.join(row)}"
        if abs(gt - float(t)) > 0.001 or not math.isclose(gv, float(v), rel_tol=1e-9, abs_tol=1e-12):
            return f"at {t} Prometheus says {v}; the CSV says {','.join(row)} (rows in time order, none twice)"
    return None


@pytest.mark.points(6)
@pytest.mark.timeout(400)
def test_ten_days_at_one_minute(host, http):
    lab.need_script(host, "fetch.py")
    t = lab.truth(host)
    problem = _compare(host, http, 'lab_request_latency_seconds{service="catalog"}', t["start"], t["end"], 60)
    assert problem is None, f"10 days at a 60 s step (14,401 samples: more than one query may return): {problem}"


@pytest.mark.points(3)
@pytest.mark.timeout(400)
def test_another_series_and_step(host, http):
    lab.need_script(host, "fetch.py")
    t = lab.truth(host)
    problem = _compare(host, http, 'lab_disk_used_bytes{volume="backups"}', t["end"] - 3 * 86400, t["end"] - 86400, 300)
    assert problem is None, f"lab_disk_used_bytes{{volume=\"backups\"}} over two days at a 300 s step: {problem}"


@pytest.mark.points(3)
@pytest.mark.timeout(400)
def test_not_one_series_exits_2(host):
    lab.need_script(host, "fetch.py")
    t = lab.truth(host)
    wrong = []
    for query, count, words in (("lab_disk_used_bytes", 3, ("3", "three")),
                                ('lab_disk_used_bytes{volume="scratch"}', 0, ("0", "no ", "none", "empty", "zero"))):
        r = _fetch(host, query, t["end"] - 3600, t["end"], 60)
        if r.rc != 2 or lab.traceback_in(r.out):
            wrong.append(f"{query} (returns {count} series): exit code {r.rc}" + (" and a traceback" if lab.traceback_in(r.out) else ""))
        elif not any(w in r.out.lower() for w in words):
            wrong.append(f"{query}: the message should say it got {count} series; it said: {lab.tail(r.out, 2)}")
    assert not wrong, "a query that does not return exactly one series should exit 2 and say how many: " + "; ".join(wrong)


@pytest.mark.points(3)
@pytest.mark.timeout(400)
def test_invalid_promql_exits_2_with_prometheus_message(host):
    lab.need_script(host, "fetch.py")
    t = lab.truth(host)
    r = _fetch(host, "rate(lab_disk_used_bytes[5m]", t["end"] - 3600, t["end"], 60)
    assert r.rc == 2 and not lab.traceback_in(r.out), (
        f"invalid PromQL should exit 2 without a traceback; fetch.py exited {r.rc}"
        + (" with a traceback" if lab.traceback_in(r.out) else "") + f": {lab.tail(r.out, 2)}")
    assert "parse error" in r.out.lower(), (
        f"the message should pass on Prometheus' error (it says: parse error: unclosed left parenthesis); "
        f"fetch.py said: {lab.tail(r.out, 2)}")
