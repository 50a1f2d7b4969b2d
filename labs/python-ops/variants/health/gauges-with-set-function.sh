#!/usr/bin/env bash
# expect: pass
# why: Gauge(...).set_function() per value (labelled children for disks), start_http_server, main thread sleeps
# needs: config
set -euo pipefail
cat > /lab/opsctl/health.py <<'PY'
import time

import psutil
import yaml
from prometheus_client import Gauge, start_http_server


def serve(port, config):
    cfg = yaml.safe_load(open(config))
    disks = cfg["disks"]
    max_disk, max_mem = cfg["max_disk_used_ratio"], cfg["max_memory_used_ratio"]

    def disk(path):
        return psutil.disk_usage(path).percent / 100

    def mem():
        return psutil.virtual_memory().percent / 100

    def healthy():
        return 1.0 if mem() <= max_mem and all(disk(d) <= max_disk for d in disks) else 0.0

    Gauge("opsctl_cpu_percent", "CPU %").set_function(lambda: psutil.cpu_percent())
    Gauge("opsctl_memory_used_ratio", "memory used").set_function(mem)
    g = Gauge("opsctl_disk_used_ratio", "disk used", ["path"])
    for d in disks:
        g.labels(path=d).set_function(lambda d=d: disk(d))
    Gauge("opsctl_healthy", "all checks pass").set_function(healthy)
    start_http_server(port)
    while True:
        time.sleep(60)
PY
