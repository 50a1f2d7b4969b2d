#!/usr/bin/env bash
# expect: fail
# why: a plain for loop over the hosts: right statuses and timeouts, but one host after the other
# needs: config
# feedback: one after the other
# include: _lib/fanout-cmd.sh, _lib/paramiko-one.sh
set -euo pipefail
cat > /lab/opsctl/remote.py <<'PY'
import json

from opsctl.sshone import one


def main(hosts, report, command):
    rows = [one(h, command) for h in hosts]
    summary = {s: sum(r["status"] == s for r in rows) for s in ("ok", "failed", "timeout", "unreachable")}
    if report:
        report.write_text(json.dumps({"results": rows, "summary": summary}))
    return 0 if summary["ok"] == len(rows) else 1
PY
