"""Task fanout: `opsctl run` runs a command on every host of an inventory at once over SSH,
bounds each host by its timeout, reports each host's status in the JSON report, counts them,
and exits 1 unless every host is ok.

The grader's inventory names four hosts (names differ from addresses): web1 answers, web2's
command fails (exit 3), web3's command hangs, db1 refuses connections. It runs the tool once
per grading and reads the report, the exit code, the time it took and lab-probe's notes of
when it started and ended on each host.
"""

from __future__ import annotations

import _pyops as lab
import pytest


def _mixed(host, params):
    run = lab.fanout_scenario(host, params, "mixed")
    result = run["result"]
    if run["killed"]:
        pytest.fail(f"`opsctl run` had not finished after {lab.KILL_AFTER} s although every host's timeout is "
                    f"{params['host_timeout']} s: the hung host (web3) must not hold up the run")
    if run["report"] is None:
        pytest.fail(f"`opsctl run --report FILE` wrote no report (exit code {result.rc}{lab.no_module_note(result)}); "
                    f"it said: {lab.tail(result.stdout + result.stderr, 4)!r}")
    if not isinstance(run["report"], dict):
        pytest.fail("the report written by `opsctl run --report FILE` is not a JSON object")
    return run


def _by_host(report) -> dict:
    rows = report.get("results")
    assert isinstance(rows, list), "the report should have a list `results`, one entry per host"
    return {r.get("host"): r for r in rows if isinstance(r, dict)}


@pytest.mark.points(7)
@pytest.mark.timeout(240)
def test_each_host_gets_its_status(host, params):
    rows = _by_host(_mixed(host, params)["report"])
    wrong = []
    for name, want in lab.EXPECTED.items():
        row = rows.get(name)
        if row is None:
            wrong.append(f"{name}: missing (hosts in the report: {', '.join(map(str, rows)) or 'none'})")
            continue
        code = row.get("exit_code")
        if row.get("status") != want:
            wrong.append(f"{name}: status {row.get('status')!r}, expected {want!r}")
        elif want == "ok" and (code != 0 or "probe web1 ok" not in str(row.get("stdout"))):
            wrong.append(f"{name}: expected exit_code 0 and stdout with 'probe web1 ok'; got {code!r}, {row.get('stdout')!r}")
        elif want == "failed" and code != 3:
            wrong.append(f"{name}: the command exited 3; the report says exit_code {code!r}")
        elif want in ("timeout", "unreachable") and code is not None:
            wrong.append(f"{name}: exit_code should be null for a command that did not finish; it is {code!r}")
    assert not wrong, ("the report should give each host its status (web1 ok, web2 failed with exit 3, web3 "
                       "timeout, db1 unreachable): " + "; ".join(wrong))


@pytest.mark.points(4)
@pytest.mark.timeout(240)
def test_summary_and_exit_code(host, params):
    run = _mixed(host, params)
    summary = run["report"].get("summary")
    want = {"ok": 1, "failed": 1, "timeout": 1, "unreachable": 1}
    got = {k: (summary or {}).get(k) for k in want} if isinstance(summary, dict) else summary
    assert got == want, f"the report's summary should count each status: expected {want}, found {got}"
    rc = run["result"].rc
    assert rc == 1, f"`opsctl run` should exit 1 when a host is not ok; it exited {rc}"


@pytest.mark.points(3)
@pytest.mark.timeout(240)
def test_all_hosts_ok_exits_0(host, params):
    run = lab.fanout_scenario(host, params, "healthy")
    result, report = run["result"], run["report"]
    assert isinstance(report, dict), (
        f"with two healthy hosts, `opsctl run --report FILE` wrote no readable report (exit code {result.rc}"
        f"{lab.no_module_note(result)}): {lab.tail(result.stdout + result.stderr, 3)!r}")
    statuses = {r.get("host"): r.get("status") for r in report.get("results") or [] if isinstance(r, dict)}
    assert statuses == {"edge-web1": "ok", "edge-web2": "ok"} and result.rc == 0, (
        f"when every host is fine, every status should be ok and the exit code 0; statuses {statuses}, "
        f"exit code {result.rc}")


@pytest.mark.points(5)
@pytest.mark.timeout(240)
def test_hung_host_does_not_hold_up_the_run(host, params):
    run = _mixed(host, params)
    limit = 2 * params["host_timeout"] + 10
    took = run["result"].seconds
    assert took <= limit, (
        f"every host's timeout is {params['host_timeout']} s and the hosts run at once, so the run should "
        f"take about that long; it took {took:.0f} s (the grader allows {limit} s): bound each host by its "
        "timeout and do not wait for the hung one"
    )


@pytest.mark.points(6)
@pytest.mark.timeout(240)
def test_hosts_run_at_the_same_time(host, params):
    run = _mixed(host, params)
    (s1, e1), (s2, e2) = run["times"]["web1"], run["times"]["web2"]
    assert s1 and e1 and s2 and e2, (
        "lab-probe did not run to the end on web1 and web2 (its notes in /tmp/lab-probe.log are missing): "
        "does your tool run the command it is given on every host?"
    )
    overlap = min(e1[0], e2[0]) - max(s1[0], s2[0])
    assert overlap > 0.2, (
        f"lab-probe takes {lab.PROBE_SECONDS} s on each host (the grader runs `lab-probe {lab.PROBE_SECONDS}`); on web1 and web2 it ran one after the other "
        f"({s1[0]:.1f}-{e1[0]:.1f} and {s2[0]:.1f}-{e2[0]:.1f}): run the hosts at the same time "
        "(threads, concurrent.futures or asyncio)"
    )
