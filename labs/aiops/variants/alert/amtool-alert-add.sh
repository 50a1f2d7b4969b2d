#!/usr/bin/env bash
# expect: pass
# why: amtool alert add (the Alertmanager CLI) called from Python for each anomalous service
# needs: detect
set -euo pipefail
cat > /lab/alert.py <<PY
import argparse
import os
import subprocess
from datetime import datetime, timezone

import requests

from detect import detect

ap = argparse.ArgumentParser()
ap.add_argument("--at", type=float)
at = ap.parse_args().at
if at is None:
    q = "lab_history_end_timestamp_seconds"
    now = __import__("time").time()
    rows = requests.get(os.environ["PROMETHEUS_URL"] + "/api/v1/query_range",
                        params={"query": q, "start": now - 11 * 86400, "end": now, "step": 3600}).json()
    at = float(rows["data"]["result"][0]["values"][-1][1])
for svc in ("search", "catalog", "cart"):
    ongoing = [x for x in detect(svc, at - 2 * 3600, at) if x["end"] >= at - 120]
    if not ongoing:
        continue
    start = datetime.fromtimestamp(ongoing[0]["start"], timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    subprocess.run(["amtool", "--alertmanager.url", os.environ["ALERTMANAGER_URL"], "alert", "add",
                    "alertname=$LAB_PARAM_ALERT_NAME", f"service={svc}", "team=$LAB_PARAM_TEAM", "severity=page",
                    f"--annotation=summary={svc} latency anomalous since {start}", f"--start={start}"], check=True)
PY
