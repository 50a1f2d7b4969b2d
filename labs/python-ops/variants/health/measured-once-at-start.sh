#!/usr/bin/env bash
# expect: fail
# why: the gauges are set once when the command starts; later scrapes show the old numbers
# needs: config
# feedback: measured at every scrape
set -euo pipefail
cat > /lab/opsctl/health.py <<'PY'
import time

import psutil
import yaml
from prometheus_client import Gauge, start_http_server


def serve(port, config):
    cfg = yaml.safe_load(open(config))
    Gauge("opsctl_cpu_percent", "cpu").set(psutil.cpu_percent(interval=0.5))
    mem = psutil.virtual_memory().percent / 100
    Gauge("opsctl_memory_used_ratio", "memory").set(mem)
    disk = Gauge("opsctl_disk_used_ratio", "disk", ["path"])
    ok = mem <= cfg["max_memory_used_ratio"]
    for p in cfg["disks"]:
        r = psutil.disk_usage(p).percent / 100
        disk.labels(p).set(r)
        ok = ok and r <= cfg["max_disk_used_ratio"]
    Gauge("opsctl_healthy", "healthy").set(1 if ok else 0)
    start_http_server(port)
    while True:
        time.sleep(5)
PY
