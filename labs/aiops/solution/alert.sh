#!/bin/bash
# Reference solution: detect.py's detector over the day up to --at; an anomaly still going at
# --at becomes one firing alert per service, posted to Alertmanager's v2 API.
set -euo pipefail
cat > /lab/alert.py <<'PY'
#!/usr/bin/env python3
"""alert.py: page the team for every service whose latency is anomalous at --at."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime, timezone

import requests

from detect import PROM, detect

AM = os.environ.get("ALERTMANAGER_URL", "http://alertmanager:9093")
SERVICES = ("search", "catalog", "cart")
ALERTNAME = os.environ.get("LAB_ALERT_NAME", "{{alert_name}}")
TEAM = os.environ.get("LAB_TEAM", "{{team}}")


def history_end() -> float:
    q = "max_over_time(lab_history_end_timestamp_seconds[11d])"
    body = requests.get(f"{PROM}/api/v1/query", params={"query": q}, timeout=60).json()
    return float(body["data"]["result"][0]["value"][1])


def iso(t: float) -> str:
    return datetime.fromtimestamp(t, timezone.utc).isoformat()


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--at", type=float, default=None)
    at = p.parse_args().at or history_end()
    alerts = []
    for service in SERVICES:
        found = detect(service, at - 86400, at)
        ongoing = [a for a in found if a["end"] >= at - 120]
        if not ongoing:
            print(f"{service}: fine at {iso(at)}")
            continue
        start = ongoing[-1]["start"]
        print(f"{service}: ANOMALOUS since {iso(start)}")
        alerts.append({
            "labels": {"alertname": ALERTNAME, "service": service, "team": TEAM, "severity": "page"},
            "annotations": {"summary": f"{service} latency anomalous since {iso(start)}"},
            "startsAt": iso(start),
        })
    if alerts:
        resp = requests.post(f"{AM}/api/v2/alerts", json=alerts, timeout=30)
        if resp.status_code != 200:
            print(f"alert.py: Alertmanager answered {resp.status_code}: {resp.text}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
PY
sed -i "s/{{alert_name}}/$LAB_PARAM_ALERT_NAME/; s/{{team}}/$LAB_PARAM_TEAM/" /lab/alert.py
cd /lab && python3 alert.py
