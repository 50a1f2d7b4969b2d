#!/usr/bin/env bash
# expect: pass
# why: one threading.Thread per host, paramiko exec_command(timeout=...) and socket.timeout while reading
# needs: config
# include: _lib/fanout-cmd.sh
set -euo pipefail
cat > /lab/opsctl/remote.py <<'PY'
import json
import socket
import threading

import paramiko


def one(host, command, out):
    t = float(host["timeout"])
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    row = {"host": host["name"], "status": "unreachable", "exit_code": None, "stdout": ""}
    try:
        client.connect(host["address"], port=host.get("port", 22), username=host.get("user"),
                       key_filename=host.get("key_file"), timeout=t, banner_timeout=t, auth_timeout=t)
        _, stdout, _ = client.exec_command(command, timeout=t)
        try:
            text = stdout.read().decode()
            code = stdout.channel.recv_exit_status()
            row.update(status="ok" if code == 0 else "failed", exit_code=code, stdout=text)
        except socket.timeout:
            row["status"] = "timeout"
    except socket.timeout:
        row["status"] = "timeout"
    except Exception:
        row["status"] = "unreachable"
    finally:
        client.close()
        out.append(row)


def main(hosts, report, command):
    rows = []
    threads = [threading.Thread(target=one, args=(h, command, rows), daemon=True) for h in hosts]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    order = {h["name"]: i for i, h in enumerate(hosts)}
    rows.sort(key=lambda r: order[r["host"]])
    summary = {s: len([r for r in rows if r["status"] == s]) for s in ("ok", "failed", "timeout", "unreachable")}
    for r in rows:
        print(r["host"], r["status"], r["exit_code"])
    if report:
        report.write_text(json.dumps({"results": rows, "summary": summary}))
    return 0 if all(r["status"] == "ok" for r in rows) else 1
PY
cd /lab && python3 -m opsctl run lab-probe 0 || true
