#!/usr/bin/env bash
# expect: pass
# why: fabric Connection per host in a ThreadPoolExecutor, connect_timeout and run(timeout=...) with warn=True
# needs: config
# include: _lib/fanout-cmd.sh
set -euo pipefail
cat > /lab/opsctl/remote.py <<'PY'
import json
import socket
from concurrent.futures import ThreadPoolExecutor

import paramiko
from fabric import Connection
from invoke.exceptions import CommandTimedOut


def one(host, command):
    row = {"host": host["name"], "status": "unreachable", "exit_code": None, "stdout": ""}
    t = float(host["timeout"])
    conn = Connection(host["address"], user=host.get("user"), port=host.get("port", 22), connect_timeout=t,
                      connect_kwargs={"key_filename": host.get("key_file"), "banner_timeout": t,
                                      "auth_timeout": t, "look_for_keys": False, "allow_agent": False})
    try:
        res = conn.run(command, hide=True, warn=True, timeout=t)
        row.update(status="ok" if res.exited == 0 else "failed", exit_code=res.exited, stdout=res.stdout)
    except CommandTimedOut as exc:
        row.update(status="timeout", stdout=exc.result.stdout if exc.result else "")
    except socket.timeout:
        row["status"] = "timeout"
    except (OSError, paramiko.SSHException):
        row["status"] = "unreachable"
    finally:
        conn.close()
    return row


def main(hosts, report, command):
    with ThreadPoolExecutor(max_workers=len(hosts)) as pool:
        rows = list(pool.map(lambda h: one(h, command), hosts))
    summary = {s: sum(r["status"] == s for r in rows) for s in ("ok", "failed", "timeout", "unreachable")}
    for r in rows:
        print(f"{r['host']}: {r['status']}")
    if report:
        report.write_text(json.dumps({"results": rows, "summary": summary}))
    return 0 if summary["ok"] == len(rows) else 1
PY
cd /lab && python3 -m opsctl run lab-probe 0 || true
