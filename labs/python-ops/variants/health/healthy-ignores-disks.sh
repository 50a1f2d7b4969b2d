#!/usr/bin/env bash
# expect: fail
# why: opsctl_healthy only compares memory with its threshold; a full disk leaves it at 1
# needs: config
# feedback: opsctl_healthy should be 0
set -euo pipefail
cat > /lab/opsctl/health.py <<'PY'
import time

import psutil
import yaml
from prometheus_client import Gauge, start_http_server


def serve(port, config):
    cfg = yaml.safe_load(open(config))
    mem = lambda: psutil.virtual_memory().percent / 100  # noqa: E731
    Gauge("opsctl_cpu_percent", "cpu").set_function(psutil.cpu_percent)
    Gauge("opsctl_memory_used_ratio", "memory").set_function(mem)
    g = Gauge("opsctl_disk_used_ratio", "disk", ["path"])
    for p in cfg["disks"]:
        g.labels(p).set_function(lambda p=p: psutil.disk_usage(p).percent / 100)
    Gauge("opsctl_healthy", "healthy").set_function(lambda: int(mem() <= cfg["max_memory_used_ratio"]))
    start_http_server(port)
    while True:
        time.sleep(60)
PY
