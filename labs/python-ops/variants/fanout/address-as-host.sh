#!/usr/bin/env bash
# expect: fail
# why: the report names each host by its address (web1) instead of its name in the inventory
# needs: config
# feedback: missing
# include: _lib/fanout-cmd.sh, _lib/paramiko-one.sh
set -euo pipefail
cat > /lab/opsctl/remote.py <<'PY'
import json
from concurrent.futures import ThreadPoolExecutor

from opsctl.sshone import one


def main(hosts, report, command):
    with ThreadPoolExecutor(len(hosts)) as pool:
        rows = list(pool.map(lambda h: one(h, command, name_key="address"), hosts))
    summary = {s: sum(r["status"] == s for r in rows) for s in ("ok", "failed", "timeout", "unreachable")}
    if report:
        report.write_text(json.dumps({"results": rows, "summary": summary}))
    return 0 if summary["ok"] == len(rows) else 1
PY
