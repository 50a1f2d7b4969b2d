#!/usr/bin/env bash
# expect: pass
# why: plain gauges updated by a loop once a second in the main thread (metrics served from a daemon thread)
# needs: config
set -euo pipefail
cat > /lab/opsctl/health.py <<'PY'
import time
from pathlib import Path

import psutil
import yaml
from prometheus_client import Gauge, start_http_server

CPU = Gauge("opsctl_cpu_percent", "CPU use of the machine, 0-100")
MEM = Gauge("opsctl_memory_used_ratio", "memory in use, 0-1")
DISK = Gauge("opsctl_disk_used_ratio", "disk in use, 0-1", ["path"])
HEALTHY = Gauge("opsctl_healthy", "1 when every check passes")


def measure(cfg):
    CPU.set(psutil.cpu_percent())
    mem = psutil.virtual_memory().percent / 100
    MEM.set(mem)
    ok = mem <= cfg["max_memory_used_ratio"]
    for path in cfg["disks"]:
        ratio = psutil.disk_usage(path).percent / 100
        DISK.labels(path).set(ratio)
        ok = ok and ratio <= cfg["max_disk_used_ratio"]
    HEALTHY.set(1 if ok else 0)


def serve(port, config):
    cfg = yaml.safe_load(Path(config).read_text())
    measure(cfg)
    start_http_server(port)
    while True:
        time.sleep(1)
        measure(cfg)
PY
