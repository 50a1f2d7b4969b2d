"""Task health: `opsctl health --port P --config F` serves psutil measurements as Prometheus
metrics, fresh at every scrape, and opsctl_healthy follows the disk threshold of the config.

The grader starts the command itself (its own port and config: disks /dev/shm and /data, a
threshold of its own), scrapes it from inside the workspace, fills /data (a 32 MB tmpfs) past
the threshold and empties it again.
"""

from __future__ import annotations

import json
import shlex
import time

import _pyops as lab
import pytest

PORT = 9317
THRESHOLD = 0.55
CONFIG = f"disks: [/dev/shm, /data]\nmax_disk_used_ratio: {THRESHOLD}\nmax_memory_used_ratio: 0.999\n"
FILL = "/data/.labctl-grader-fill"
BASE = "/data/.labctl-grader-base"   # 6 of 32 MB: a ratio that is neither 0 nor a percentage
METRICS = ("opsctl_cpu_percent", "opsctl_memory_used_ratio", "opsctl_disk_used_ratio", "opsctl_healthy")


def _scrape(host):
    r = host("workspace").run(f"curl -fsS --max-time 5 http://127.0.0.1:{PORT}/metrics")
    return lab.parse_metrics(r.stdout) if r.rc == 0 else None


@pytest.fixture(scope="module")
def exporter(host):
    lab.put(host, f"{lab.GRADER_DIR}/health.yaml", CONFIG)
    host("workspace").run(f"rm -f {FILL}; fallocate -l 6M {BASE} || dd if=/dev/zero of={BASE} bs=1M count=6")
    host("workspace").run(
        "bash -c " + shlex.quote(
            f"cd /lab && setsid timeout 150 python3 -m opsctl health --port {PORT} "
            f"--config {lab.GRADER_DIR}/health.yaml > {lab.GRADER_DIR}/health.log 2>&1 < /dev/null &"))
    samples = None
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        samples = _scrape(host)
        if samples is not None:
            break
        time.sleep(0.5)
    log = host("workspace").run(f"cat {lab.GRADER_DIR}/health.log").stdout
    yield samples, log
    host("workspace").run(f"pkill -f -- 'opsctl health --port {PORT}'")
    host("workspace").run(f"rm -f {FILL} {BASE}")


def _need(exporter):
    samples, log = exporter
    if samples is None:
        pytest.fail(f"`python3 -m opsctl health --port {PORT} --config FILE` did not serve "
                    f"http://127.0.0.1:{PORT}/metrics within 20 s; it said: {lab.tail(log, 4)!r}")
    return samples


def _truth(host, path: str) -> float:
    r = host("workspace").run(f"python3 -c 'import os,json; s=os.statvfs(\"{path}\"); "
                              "print(json.dumps([s.f_blocks, s.f_bfree, s.f_bavail]))'")
    blocks, free, avail = json.loads(r.stdout)
    used = blocks - free
    return used / (used + avail) if used + avail else 0.0


def _wait_for(host, predicate, seconds: float = 6.0):
    samples = None
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        samples = _scrape(host) or []
        if predicate(samples):
            return samples, True
        time.sleep(0.5)
    return samples or [], False


@pytest.mark.points(4)
@pytest.mark.timeout(240)
def test_metrics_are_served(host, exporter):
    samples = _need(exporter)
    names = {n for n, _, _ in samples}
    missing = [m for m in METRICS if m not in names]
    assert not missing, f"missing metrics on /metrics: {', '.join(missing)} (found: {', '.join(sorted(n for n in names if n.startswith('opsctl')) ) or 'no opsctl_ metric'})"
    paths = sorted(lab_.get("path", "?") for n, lab_, _ in samples if n == "opsctl_disk_used_ratio")
    assert paths == ["/data", "/dev/shm"], (
        f"opsctl_disk_used_ratio should have one series per disk of the config, labelled path "
        f"(the grader's config names /dev/shm and /data); found paths: {paths}")
    cpu = lab.value(samples, "opsctl_cpu_percent")
    mem = lab.value(samples, "opsctl_memory_used_ratio")
    assert 0 <= cpu <= 100 and 0 < mem <= 1, (
        f"opsctl_cpu_percent should be 0-100 and opsctl_memory_used_ratio 0-1; they are {cpu} and {mem}")


@pytest.mark.points(4)
@pytest.mark.timeout(240)
def test_values_are_measured(host, exporter):
    samples = _need(exporter)
    truth = _truth(host, "/data")
    shown = lab.value(samples, "opsctl_disk_used_ratio", path="/data")
    assert shown is not None and abs(shown - truth) <= 0.03, (
        f"opsctl_disk_used_ratio{{path=\"/data\"}} should be the share of /data in use ({truth:.3f}); it is {shown}")
    r = host("workspace").run("python3 -c 'import psutil; print(psutil.virtual_memory().percent / 100)'")
    mem = float(r.stdout)
    shown = lab.value(samples, "opsctl_memory_used_ratio")
    assert abs(shown - mem) <= 0.05, (
        f"opsctl_memory_used_ratio should be the share of memory in use ({mem:.3f}); it is {shown}")
    assert lab.value(samples, "opsctl_healthy") == 1, (
        f"with every disk below the grader's threshold ({THRESHOLD}), opsctl_healthy should be 1; it is "
        f"{lab.value(samples, 'opsctl_healthy')} (read the thresholds from the --config file)")


@pytest.mark.points(7)
@pytest.mark.timeout(240)
def test_a_full_disk_makes_it_unhealthy_and_back(host, exporter):
    _need(exporter)
    size_mb = int(32 * (THRESHOLD + 0.2))
    host("workspace").run(f"fallocate -l {size_mb}M {FILL} || dd if=/dev/zero of={FILL} bs=1M count={size_mb}")
    try:
        truth = _truth(host, "/data")
        samples, ok = _wait_for(host, lambda s: abs((lab.value(s, "opsctl_disk_used_ratio", path="/data") or 0) - truth) <= 0.03)
        shown = lab.value(samples, "opsctl_disk_used_ratio", path="/data")
        assert ok, (f"after the grader filled /data to {truth:.2f}, opsctl_disk_used_ratio{{path=\"/data\"}} "
                    f"showed {shown} 6 s later: a ratio (0-1) measured at every scrape, not once at start")
        healthy = lab.value(samples, "opsctl_healthy")
        assert healthy == 0, (f"/data is {truth:.2f} full, above the config's max_disk_used_ratio {THRESHOLD}: "
                              f"opsctl_healthy should be 0; it is {healthy}")
    finally:
        host("workspace").run(f"rm -f {FILL}")
    samples, ok = _wait_for(host, lambda s: lab.value(s, "opsctl_healthy") == 1)
    assert ok, ("after the grader emptied /data again, opsctl_healthy should go back to 1; it is "
                f"{lab.value(samples, 'opsctl_healthy')}")
