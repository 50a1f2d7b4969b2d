"""Task detect: detect.py finds the planted anomalies in the latency of search, catalog and
cart. Graded over the three services together: recall (planted anomalies one of the
learner's intervals overlaps, 5 minutes of slack) >= 0.8, precision (learner's intervals,
merged when less than 5 minutes apart, that overlap a planted anomaly and last at most 3
hours) >= 0.7."""

from __future__ import annotations

import json

import _aiops as lab
import pytest

SLACK = 300
MERGE = 300
LONGEST = 3 * 3600
MIN_RECALL, MIN_PRECISION = 0.8, 0.7
_runs: dict = {}


def _intervals(host, service: str, t: dict):
    r = lab.script(host, "detect.py", f"--service {service} --start {t['start']} --end {t['end']}", timeout=150)
    if r.rc != 0:
        return None, f"{service}: detect.py exited {r.rc}: {lab.tail(r.out, 2)}"
    try:
        found = json.loads(r.stdout)
        spans = sorted((float(a["start"]), float(a["end"])) for a in found)
    except (ValueError, TypeError, KeyError):
        return None, f"{service}: stdout should be a JSON list of {{\"start\", \"end\"}} objects; it is {r.stdout.strip()[:150]!r}"
    if any(s > e for s, e in spans):
        return None, f"{service}: an interval ends before it starts"
    merged: list[list[float]] = []
    for s, e in spans:
        if merged and s - merged[-1][1] < MERGE:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return merged, None


def _score(host):
    if "score" in _runs:
        return _runs["score"]
    lab.need_script(host, "detect.py")
    t = lab.truth(host)
    planted = found = true_intervals = total = 0
    problems = []
    for service in lab.DETECT:
        spans, problem = _intervals(host, service, t)
        if problem:
            problems.append(problem)
            continue
        anomalies = t["anomalies"][service]
        planted += len(anomalies)
        found += sum(1 for a, b in anomalies if any(s <= b + SLACK and e >= a - SLACK for s, e in spans))
        total += len(spans)
        true_intervals += sum(1 for s, e in spans if e - s <= LONGEST and
                              any(s <= b + SLACK and e >= a - SLACK for a, b in anomalies))
    _runs["score"] = (problems, found, planted, true_intervals, total)
    return _runs["score"]


@pytest.mark.points(3)
@pytest.mark.timeout(400)
def test_output_is_a_json_list_of_intervals(host):
    problems = _score(host)[0]
    assert not problems, "; ".join(problems)


@pytest.mark.points(11)
@pytest.mark.timeout(400)
def test_recall(host):
    problems, found, planted, _, _ = _score(host)
    assert not problems, "first make detect.py run for every service (see the check above)"
    recall = found / planted if planted else 0
    assert recall >= MIN_RECALL, (
        f"your detector found {found} of the {planted} planted anomalies (recall {recall:.2f}); at least "
        f"{MIN_RECALL} is needed: compare each value with what is normal for that time of day")


@pytest.mark.points(11)
@pytest.mark.timeout(400)
def test_precision(host):
    problems, found, _, true_intervals, total = _score(host)
    assert not problems, "first make detect.py run for every service (see the check above)"
    assert total > 0 and found > 0, "your detector reported no anomaly at all"
    precision = true_intervals / total
    assert precision >= MIN_PRECISION, (
        f"{total - true_intervals} of your {total} intervals are false alarms (they overlap no planted anomaly, "
        f"or last more than 3 hours): precision {precision:.2f}, at least {MIN_PRECISION} is needed")
