#!/usr/bin/env bash
# expect: pass
# why: a Python script does it all: polls the pager API, acknowledges, writes the record with times separated by a space
# params: fault=loss, link=api-cache, dependency=db, bad_setting=host, rto_seconds=120
set -euo pipefail
python3 - <<'PY'
import datetime as dt, json, os, time, urllib.request
def call(path, data=None):
    req = urllib.request.Request("http://pager:9095" + path, data=data, method="POST" if data else "GET",
                                 headers={"Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(req, timeout=20))
for _ in range(150):
    open_ = [i for i in call("/api/incidents") if i["status"] != "resolved"]
    if open_:
        break
    time.sleep(2)
page = call(f"/api/incidents/{open_[0]['id']}/ack", json.dumps({"by": "kim"}).encode())
fmt = lambda ts: dt.datetime.fromtimestamp(ts, dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%SZ")
sev1 = os.environ["LAB_PARAM_FAULT"] in ("disk", "config") or (
    os.environ["LAB_PARAM_FAULT"] == "dependency" and os.environ["LAB_PARAM_DEPENDENCY"] == "db")
lines = [f"incident: {page['id']}", "title: checkout trouble", f"severity: {'SEV1' if sev1 else 'SEV2'}",
         "status: investigating", "commander: kim", f"alert: {page['alerts'][0]}", "timeline:",
         f"  - time: {fmt(page['triggered_ts'])}", f"    event: {page['id']} opened",
         f"  - time: {fmt(page['acknowledged_ts'])}", "    event: acknowledged",
         f"  - time: {fmt(time.time())}", "    event: severity set"]
os.makedirs("/lab/incident", exist_ok=True)
open("/lab/incident/incident.yaml", "w").write("\n".join(lines) + "\n")
PY
