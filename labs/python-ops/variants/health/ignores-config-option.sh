#!/usr/bin/env bash
# expect: fail
# why: --config is accepted but the code always reads health.yaml from the current folder
# needs: config
# feedback: one series per disk
set -euo pipefail
cat > /lab/opsctl/health.py <<'PY'
import time

import psutil
import yaml
from prometheus_client import Gauge, start_http_server

CFG = yaml.safe_load(open("health.yaml"))


def serve(port, config):
    def disk(p):
        return psutil.disk_usage(p).percent / 100

    def mem():
        return psutil.virtual_memory().percent / 100

    Gauge("opsctl_cpu_percent", "cpu").set_function(psutil.cpu_percent)
    Gauge("opsctl_memory_used_ratio", "memory").set_function(mem)
    g = Gauge("opsctl_disk_used_ratio", "disk", ["path"])
    for p in CFG["disks"]:
        g.labels(p).set_function(lambda p=p: disk(p))
    Gauge("opsctl_healthy", "healthy").set_function(
        lambda: int(mem() <= CFG["max_memory_used_ratio"] and all(disk(p) <= CFG["max_disk_used_ratio"] for p in CFG["disks"])))
    start_http_server(port)
    while True:
        time.sleep(60)
PY
