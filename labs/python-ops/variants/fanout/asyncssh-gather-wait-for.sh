#!/usr/bin/env bash
# expect: pass
# why: asyncio + asyncssh, every host in asyncio.gather, each bounded with asyncio.wait_for
# needs: config
# include: _lib/fanout-cmd.sh
set -euo pipefail
cat > /lab/opsctl/remote.py <<'PY'
import asyncio
import json

import asyncssh


async def one(host, command):
    async def go():
        async with asyncssh.connect(host["address"], port=host.get("port", 22), username=host.get("user"),
                                    client_keys=[host["key_file"]], known_hosts=None) as conn:
            return await conn.run(command, check=False)
    try:
        res = await asyncio.wait_for(go(), timeout=float(host["timeout"]))
    except asyncio.TimeoutError:
        return {"host": host["name"], "status": "timeout", "exit_code": None, "stdout": ""}
    except (OSError, asyncssh.Error):
        return {"host": host["name"], "status": "unreachable", "exit_code": None, "stdout": ""}
    status = "ok" if res.exit_status == 0 else "failed"
    return {"host": host["name"], "status": status, "exit_code": res.exit_status, "stdout": res.stdout}


async def everywhere(hosts, command):
    return await asyncio.gather(*(one(h, command) for h in hosts))


def main(hosts, report, command):
    rows = asyncio.run(everywhere(hosts, command))
    summary = {k: 0 for k in ("ok", "failed", "timeout", "unreachable")}
    for r in rows:
        summary[r["status"]] += 1
        print(f"{r['host']:15} {r['status']}")
    print(summary)
    if report:
        with open(report, "w") as fh:
            json.dump({"results": rows, "summary": summary}, fh, indent=2)
    return 1 if summary["ok"] != len(rows) else 0
PY
cd /lab && python3 -m opsctl run lab-probe 0 || true
