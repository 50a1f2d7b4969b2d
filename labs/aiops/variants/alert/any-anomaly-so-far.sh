#!/usr/bin/env bash
# expect: fail
# why: pages for every service whose detector found anything in the history up to --at, ongoing or long over
# needs: detect
# feedback: holds one for
# include: _lib/alert-base.sh
set -euo pipefail
cat > /lab/alert.py <<PY
import argparse

from alertlib import history_end, iso, post
from detect import detect

ap = argparse.ArgumentParser()
ap.add_argument("--at", type=float)
at = ap.parse_args().at or history_end()
alerts = []
for svc in ("search", "catalog", "cart"):
    found = detect(svc, at - 10 * 86400, at)
    if found:
        alerts.append({"labels": {"alertname": "$LAB_PARAM_ALERT_NAME", "service": svc, "team": "$LAB_PARAM_TEAM",
                                  "severity": "page"},
                       "annotations": {"summary": f"{len(found)} latency anomalies on {svc}"},
                       "startsAt": iso(found[-1]["start"])})
post(alerts)
PY
