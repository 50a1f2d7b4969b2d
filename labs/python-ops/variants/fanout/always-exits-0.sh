#!/usr/bin/env bash
# expect: fail
# why: the report is right, but the tool exits 0 whatever happened on the hosts
# needs: config
# feedback: should exit 1
# include: _lib/fanout-cmd.sh, _lib/paramiko-one.sh
set -euo pipefail
cat > /lab/opsctl/remote.py <<'PY'
import json
from concurrent.futures import ThreadPoolExecutor

from opsctl.sshone import one


def main(hosts, report, command):
    with ThreadPoolExecutor(len(hosts)) as pool:
        rows = list(pool.map(lambda h: one(h, command), hosts))
    summary = {s: sum(r["status"] == s for r in rows) for s in ("ok", "failed", "timeout", "unreachable")}
    print(summary)
    if report:
        report.write_text(json.dumps({"results": rows, "summary": summary}))
    return 0
PY
