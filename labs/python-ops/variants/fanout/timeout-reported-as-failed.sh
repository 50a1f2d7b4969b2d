#!/usr/bin/env bash
# expect: fail
# why: a host that runs out of time is reported as failed with exit_code -1 instead of timeout
# needs: config
# feedback: edge-web3: status 'failed'
# include: _lib/fanout-cmd.sh, _lib/paramiko-one.sh
set -euo pipefail
cat > /lab/opsctl/remote.py <<'PY'
import json
from concurrent.futures import ThreadPoolExecutor

from opsctl.sshone import one


def fix(row):
    if row["status"] == "timeout":
        row.update(status="failed", exit_code=-1)
    return row


def main(hosts, report, command):
    with ThreadPoolExecutor(len(hosts)) as pool:
        rows = [fix(r) for r in pool.map(lambda h: one(h, command), hosts)]
    summary = {s: sum(r["status"] == s for r in rows) for s in ("ok", "failed", "timeout", "unreachable")}
    if report:
        report.write_text(json.dumps({"results": rows, "summary": summary}))
    return 0 if summary["ok"] == len(rows) else 1
PY
