#!/bin/bash
# Reference solution: paramiko on a thread per host, each host bounded by its own deadline
# (connect, banner, auth and the command), so a hung host never holds up the run.
set -euo pipefail
cd /lab
cat > opsctl/fanout.py <<'PY'
"""Run one command on many hosts at once over SSH (paramiko + a thread pool)."""

from __future__ import annotations

import logging
import socket
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import paramiko

log = logging.getLogger("opsctl.run")
STATUSES = ("ok", "failed", "timeout", "unreachable")


def result(host: dict[str, Any], status: str, exit_code: int | None = None, stdout: str = "",
           error: str = "") -> dict[str, Any]:
    return {"host": host["name"], "status": status, "exit_code": exit_code, "stdout": stdout,
            "error": error}


def run_on_host(host: dict[str, Any], command: str) -> dict[str, Any]:
    """Run `command` on one host; never raises, never takes much longer than its timeout."""
    timeout = float(host["timeout"])
    deadline = time.monotonic() + timeout
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    try:
        try:
            client.connect(host["address"], port=int(host.get("port", 22)), username=host.get("user"),
                           key_filename=host.get("key_file"), timeout=timeout, banner_timeout=timeout,
                           auth_timeout=timeout, allow_agent=False, look_for_keys=False)
        except socket.timeout:
            return result(host, "timeout", error="connect timed out")
        except (OSError, paramiko.SSHException) as exc:
            return result(host, "unreachable", error=str(exc) or type(exc).__name__)
        channel = client.get_transport().open_session(timeout=max(deadline - time.monotonic(), 0.1))
        channel.exec_command(command)
        out = b""
        while True:
            while channel.recv_ready():
                out += channel.recv(65536)
            if channel.exit_status_ready() and not channel.recv_ready():
                break
            if time.monotonic() > deadline:
                return result(host, "timeout", stdout=out.decode(errors="replace"),
                              error=f"no answer within {timeout:g} s")
            time.sleep(0.05)
        code = channel.recv_exit_status()
        return result(host, "ok" if code == 0 else "failed", code, out.decode(errors="replace"))
    except (OSError, paramiko.SSHException) as exc:
        return result(host, "unreachable", error=str(exc) or type(exc).__name__)
    finally:
        client.close()


def logged(host: dict[str, Any], command: str) -> dict[str, Any]:
    outcome = run_on_host(host, command)
    level = logging.INFO if outcome["status"] == "ok" else logging.WARNING
    log.log(level, "host %s: %s", host["name"], outcome["status"],
            extra={"host": host["name"], "status": outcome["status"],
                   "exit_code": outcome["exit_code"], "error": outcome["error"]})
    return outcome


def run_everywhere(hosts: list[dict[str, Any]], command: str) -> list[dict[str, Any]]:
    log.info("running on %d hosts", len(hosts), extra={"command": command})
    with ThreadPoolExecutor(max_workers=max(len(hosts), 1)) as pool:
        return list(pool.map(lambda h: logged(h, command), hosts))


def summarize(results: list[dict[str, Any]]) -> dict[str, int]:
    return {s: sum(1 for r in results if r["status"] == s) for s in STATUSES}
PY
python3 -m opsctl run --report /tmp/lab-solution-report.json lab-probe 0 || true
