#!/usr/bin/env bash
# expect: fail
# why: alertname, service, severity and summary, but no team label: Alertmanager keeps it, nobody is paged
# needs: detect
# feedback: team=
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
    found = [x for x in detect(svc, at - 86400, at) if x["end"] >= at - 120]
    if found:
        alerts.append({"labels": {"alertname": "$LAB_PARAM_ALERT_NAME", "service": svc, "severity": "page"},
                       "annotations": {"summary": f"{svc} latency anomaly"}, "startsAt": iso(found[-1]["start"])})
post(alerts)
PY
