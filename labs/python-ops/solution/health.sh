#!/bin/bash
# Reference solution: a custom collector measures with psutil at every scrape.
set -euo pipefail
cd /lab
cat > opsctl/health.py <<'PY'
"""The machine's health as Prometheus metrics (psutil, measured at every scrape)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Iterator

import psutil
import yaml
from prometheus_client import start_http_server
from prometheus_client.core import REGISTRY, GaugeMetricFamily


def load_config(path: Path) -> dict[str, Any]:
    doc = yaml.safe_load(path.read_text()) or {}
    return {
        "disks": list(doc.get("disks") or ["/"]),
        "max_disk_used_ratio": float(doc.get("max_disk_used_ratio", 0.9)),
        "max_memory_used_ratio": float(doc.get("max_memory_used_ratio", 0.95)),
    }


class HealthCollector:
    def __init__(self, config: dict[str, Any]):
        self.config = config

    def collect(self) -> Iterator[GaugeMetricFamily]:
        cfg = self.config
        yield GaugeMetricFamily("opsctl_cpu_percent", "CPU use of the machine (0-100)",
                                value=psutil.cpu_percent(interval=None))
        memory = psutil.virtual_memory().percent / 100
        yield GaugeMetricFamily("opsctl_memory_used_ratio", "Memory in use (0-1)", value=memory)
        disks = GaugeMetricFamily("opsctl_disk_used_ratio", "Disk space in use (0-1)", labels=["path"])
        healthy = memory <= cfg["max_memory_used_ratio"]
        for path in cfg["disks"]:
            ratio = psutil.disk_usage(path).percent / 100
            disks.add_metric([path], ratio)
            healthy = healthy and ratio <= cfg["max_disk_used_ratio"]
        yield disks
        yield GaugeMetricFamily("opsctl_healthy", "1 when every check passes", value=1 if healthy else 0)


def serve(port: int, config: Path) -> None:
    REGISTRY.register(HealthCollector(load_config(config)))
    start_http_server(port, addr="0.0.0.0")
    while True:
        time.sleep(3600)
PY
python3 - <<'CHECK'
from pathlib import Path
from opsctl.health import HealthCollector, load_config
for family in HealthCollector(load_config(Path("health.yaml"))).collect():
    print(family.name, [s.value for s in family.samples])
CHECK
