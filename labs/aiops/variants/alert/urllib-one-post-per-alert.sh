#!/usr/bin/env bash
# expect: pass
# why: standard library HTTP (urllib), one POST per alert, Z times; the end of history is the last sample's timestamp() in a range query
# needs: detect
set -euo pipefail
cat > /lab/alert.py <<PY
#!/usr/bin/env python3
import argparse
import json
import os
import time
import urllib.parse
import urllib.request

from detect import detect

AM = os.environ.get("ALERTMANAGER_URL", "http://alertmanager:9093")
PROM = os.environ.get("PROMETHEUS_URL", "http://prometheus:9090")


def last_sample():
    now = time.time()
    q = urllib.parse.urlencode({"query": 'timestamp(lab_request_latency_seconds{service="cart"})',
                                "start": now - 11 * 86400, "end": now, "step": 120})
    body = json.load(urllib.request.urlopen(f"{PROM}/api/v1/query_range?{q}"))
    return float(body["data"]["result"][0]["values"][-1][1])


def post(alert):
    req = urllib.request.Request(AM + "/api/v2/alerts", data=json.dumps([alert]).encode(),
                                 headers={"Content-Type": "application/json"}, method="POST")
    urllib.request.urlopen(req, timeout=30).read()


parser = argparse.ArgumentParser()
parser.add_argument("--at", type=float, default=None)
at = parser.parse_args().at or last_sample()
for service in ["search", "catalog", "cart"]:
    found = detect(service, at - 86400, at)
    if found and found[-1]["end"] >= at - 120:
        start = found[-1]["start"]
        post({"labels": {"alertname": "$LAB_PARAM_ALERT_NAME", "service": service, "team": "$LAB_PARAM_TEAM",
                         "severity": "page"},
              "annotations": {"summary": f"latency of {service} is anomalous since {time.strftime('%H:%M', time.gmtime(start))} UTC"},
              "startsAt": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(start))})
        print("paged for", service)
PY
