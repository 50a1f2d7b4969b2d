#!/usr/bin/env bash
# expect: fail
# why: future.result(timeout=...) marks the hung host as timeout, but leaving the pool's with-block waits for its thread
# needs: config
# feedback: had not finished
# include: _lib/fanout-cmd.sh
set -euo pipefail
cat > /lab/opsctl/remote.py <<'PY'
import json
from concurrent.futures import ThreadPoolExecutor, TimeoutError

import paramiko


def one(host, command):
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    try:
        client.connect(host["address"], port=host.get("port", 22), username=host.get("user"),
                       key_filename=host.get("key_file"))
    except Exception:
        return {"host": host["name"], "status": "unreachable", "exit_code": None, "stdout": ""}
    _, stdout, _ = client.exec_command(command)
    text = stdout.read().decode()
    code = stdout.channel.recv_exit_status()
    client.close()
    return {"host": host["name"], "status": "ok" if code == 0 else "failed", "exit_code": code, "stdout": text}


def main(hosts, report, command):
    rows = []
    with ThreadPoolExecutor(max_workers=len(hosts)) as pool:
        futures = [(h, pool.submit(one, h, command)) for h in hosts]
        for h, fut in futures:
            try:
                rows.append(fut.result(timeout=float(h["timeout"])))
            except TimeoutError:
                rows.append({"host": h["name"], "status": "timeout", "exit_code": None, "stdout": ""})
        summary = {s: sum(r["status"] == s for r in rows) for s in ("ok", "failed", "timeout", "unreachable")}
        if report:
            report.write_text(json.dumps({"results": rows, "summary": summary}))
    return 0 if summary["ok"] == len(rows) else 1
PY
