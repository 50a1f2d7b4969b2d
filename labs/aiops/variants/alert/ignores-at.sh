#!/usr/bin/env bash
# expect: fail
# why: --at is accepted but the detector always looks at the end of the history
# needs: detect
# feedback: 10 minutes into an anomaly
# include: _lib/alert-base.sh
set -euo pipefail
cat > /lab/alert.py <<PY
import argparse

from alertlib import history_end, iso, post
from detect import detect

ap = argparse.ArgumentParser()
ap.add_argument("--at", type=float)
ap.parse_args()
end = history_end()
alerts = []
for svc in ("search", "catalog", "cart"):
    found = [x for x in detect(svc, end - 86400, end) if x["end"] >= end - 120]
    if found:
        alerts.append({"labels": {"alertname": "$LAB_PARAM_ALERT_NAME", "service": svc, "team": "$LAB_PARAM_TEAM",
                                  "severity": "page"},
                       "annotations": {"summary": f"{svc} latency anomaly"}, "startsAt": iso(found[-1]["start"])})
post(alerts)
PY
