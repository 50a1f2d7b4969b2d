#!/usr/bin/env bash
# expect: pass
# why: detect.py's detector; alerts posted in one JSON list with endsAt ten minutes ahead and a generatorURL
# needs: detect
set -euo pipefail
cat > /lab/alert.py <<PY
import argparse
import os
import time
from datetime import datetime, timedelta, timezone

import requests

import detect

AM = os.environ["ALERTMANAGER_URL"]
PROM = os.environ["PROMETHEUS_URL"]


def iso(ts):
    return datetime.fromtimestamp(ts, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")


ap = argparse.ArgumentParser()
ap.add_argument("--at", type=float)
a = ap.parse_args()
if a.at is None:
    r = requests.get(PROM + "/api/v1/query", params={"query": "last_over_time(lab_history_end_timestamp_seconds[11d])"}).json()
    a.at = float(r["data"]["result"][0]["value"][1])
alerts = []
for svc in ("search", "catalog", "cart"):
    now = [x for x in detect.detect(svc, a.at - 6 * 3600, a.at) if x["end"] >= a.at - 180]
    if now:
        alerts.append({
            "labels": {"alertname": "$LAB_PARAM_ALERT_NAME", "service": svc, "team": "$LAB_PARAM_TEAM", "severity": "page"},
            "annotations": {"summary": f"{svc}: latency anomaly in progress", "description": "found by detect.py"},
            "startsAt": iso(now[-1]["start"]),
            "endsAt": (datetime.now(timezone.utc) + timedelta(minutes=10)).isoformat(),
            "generatorURL": f"{PROM}/graph",
        })
if alerts:
    requests.post(AM + "/api/v2/alerts", json=alerts, timeout=30).raise_for_status()
print(f"{len(alerts)} alert(s) sent")
PY
