#!/usr/bin/env bash
# expect: fail
# why: opsctl_disk_used_ratio carries psutil's percent (0-100) instead of a 0-1 ratio
# needs: config
# feedback: share of /data in use
set -euo pipefail
cat > /lab/opsctl/health.py <<'PY'
import time

import psutil
import yaml
from prometheus_client import Gauge, start_http_server


def serve(port, config):
    cfg = yaml.safe_load(open(config))
    Gauge("opsctl_cpu_percent", "cpu").set_function(psutil.cpu_percent)
    Gauge("opsctl_memory_used_ratio", "memory").set_function(lambda: psutil.virtual_memory().percent / 100)
    g = Gauge("opsctl_disk_used_ratio", "disk", ["path"])
    for p in cfg["disks"]:
        g.labels(p).set_function(lambda p=p: psutil.disk_usage(p).percent)
    Gauge("opsctl_healthy", "healthy").set_function(
        lambda: int(all(psutil.disk_usage(p).percent / 100 <= cfg["max_disk_used_ratio"] for p in cfg["disks"])))
    start_http_server(port)
    while True:
        time.sleep(60)
PY
