"""Helpers shared by python-ops' checks: run the learner's opsctl in the workspace container,
set up the SSH hosts' behaviour, parse metrics, and find the env's containers.

Every check sets up the scenario it grades (probe modes, inventories, broken containers) and
puts things back afterwards, so it gives the same verdict however often it runs.
"""

from __future__ import annotations

import base64
import json
import re
import shlex
import time
from dataclasses import dataclass
from typing import Any

GRADER_DIR = "/tmp/labctl-grader"
HOSTS = ("web1", "web2", "web3")


def sh(host: Any, script: str, timeout: int = 60) -> Any:
    """Run a bash script in the workspace container (as root, cwd /lab), bounded in time."""
    return host("workspace").run(f"cd /lab && timeout -k 5 {timeout} bash -c {shlex.quote(script)}")


def put(host: Any, path: str, text: str, service: str = "workspace") -> None:
    blob = base64.b64encode(text.encode()).decode()
    cmd = f"mkdir -p $(dirname {path}) && echo {blob} | base64 -d > {path}"
    result = host(service).run(f"bash -c {shlex.quote(cmd)}")
    assert result.rc == 0, f"the grader could not write {path} in {service}: {result.stderr.strip()}"


@dataclass
class Ran:
    rc: int
    stdout: str
    stderr: str
    seconds: float


def opsctl(host: Any, args: str, timeout: int = 60) -> Ran:
    """python3 -m opsctl ARGS in /lab, bounded in time."""
    started = time.monotonic()
    result = sh(host, f"python3 -m opsctl {args}", timeout=timeout)
    return Ran(result.rc, result.stdout or "", result.stderr or "", time.monotonic() - started)


def traceback_in(text: str) -> bool:
    return "Traceback (most recent call last)" in text


def tail(text: str, lines: int = 6) -> str:
    text = (text or "").strip()
    return "\n".join(text.splitlines()[-lines:]) if text else "(nothing)"


def no_module_note(result: Any) -> str:
    out = (result.stdout or "") + (result.stderr or "")
    if "No such command" in out:
        return " (opsctl has no such command yet)"
    if "No module named opsctl" in out:
        return " (python3 -m opsctl finds no opsctl package in /lab)"
    return ""


# -- the SSH hosts ---------------------------------------------------------------------


def set_probe(host: Any, modes: dict[str, str]) -> None:
    """Set lab-probe's behaviour per host (ok, fail, hang) and clear its log."""
    for name in HOSTS:
        mode = modes.get(name, "ok")
        result = host(name).run(f"sh -c 'echo {mode} > /etc/lab/probe-mode; rm -f /tmp/lab-probe.log'")
        assert result.rc == 0, f"the grader could not prepare host {name}: {result.stderr.strip()}"


def probe_times(host: Any, name: str) -> tuple[list[float], list[float]]:
    text = host(name).run("cat /tmp/lab-probe.log").stdout or ""
    starts = [float(v) for v in re.findall(r"^start (\S+)", text, re.M)]
    ends = [float(v) for v in re.findall(r"^end (\S+)", text, re.M)]
    return starts, ends


def inventory(params: dict[str, Any], hosts: list[tuple[str, str]]) -> str:
    lines = ["defaults:", f"  user: {params['remote_user']}", "  port: 22",
             "  key_file: /root/.ssh/id_ed25519", f"  timeout: {params['host_timeout']}", "hosts:"]
    for name, address in hosts:
        lines += [f"  - name: {name}", f"    address: {address}"]
    return "\n".join(lines) + "\n"


# the grader's scenario: names differ from addresses, as the format allows
SCENARIO = [("edge-web1", "web1"), ("edge-web2", "web2"), ("edge-web3", "web3"), ("store-db1", "db1")]
EXPECTED = {"edge-web1": "ok", "edge-web2": "failed", "edge-web3": "timeout", "store-db1": "unreachable"}
MODES = {"web1": "ok", "web2": "fail", "web3": "hang"}
KILL_AFTER = 60
PROBE_SECONDS = 3

_runs: dict[str, dict[str, Any]] = {}


def fanout_scenario(host: Any, params: dict[str, Any], key: str = "mixed") -> dict[str, Any]:
    """Run `opsctl run` once per grading session for a scenario; cached for the checks that
    read the same run (the report, the log, the timing)."""
    if key in _runs:
        return _runs[key]
    if key == "mixed":
        hosts, modes = SCENARIO, MODES
    else:  # every host answers
        hosts, modes = SCENARIO[:2], {"web1": "ok", "web2": "ok"}
    put(host, f"{GRADER_DIR}/{key}.yaml", inventory(params, hosts))
    report = f"{GRADER_DIR}/{key}-report.json"
    sh(host, f"rm -f {report}")
    set_probe(host, modes)
    try:
        result = opsctl(host, f"run --inventory {GRADER_DIR}/{key}.yaml --report {report} lab-probe {PROBE_SECONDS}",
                        timeout=KILL_AFTER)
        times = {name: probe_times(host, name) for name in HOSTS}
    finally:
        set_probe(host, {})
    text = host("workspace").run(f"cat {report}").stdout if result.rc != 124 else ""
    try:
        data = json.loads(text) if text.strip() else None
    except ValueError:
        data = "invalid"
    run = {"result": result, "report": data, "times": times, "killed": result.rc in (124, 137)}
    _runs[key] = run
    return run


# -- JSON log lines --------------------------------------------------------------------

TIME_KEYS = ("time", "timestamp", "ts", "@timestamp", "asctime", "datetime")
LEVEL_KEYS = ("level", "levelname", "severity", "log.level")
MESSAGE_KEYS = ("message", "msg", "event")


def field(entry: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for k in keys:
        if k in entry:
            return entry[k]
    return None


# -- Prometheus text format ------------------------------------------------------------

_SAMPLE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\S+)?\s*$")
_LABEL = re.compile(r'\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*,?')


def parse_metrics(text: str) -> list[tuple[str, dict[str, str], float]]:
    samples = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        m = _SAMPLE.match(line)
        if not m:
            continue
        try:
            value = float(m.group(3))
        except ValueError:
            continue
        samples.append((m.group(1), dict(_LABEL.findall(m.group(2) or "")), value))
    return samples


def value(samples: list[tuple[str, dict[str, str], float]], name: str, **labels: str) -> float | None:
    for n, lab, v in samples:
        if n == name and all(lab.get(k) == want for k, want in labels.items()):
            return v
    return None
