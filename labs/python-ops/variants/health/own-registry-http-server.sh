#!/usr/bin/env bash
# expect: pass
# why: a collector in its own CollectorRegistry, served by http.server with generate_latest (no start_http_server)
# needs: config
set -euo pipefail
cat > /lab/opsctl/health.py <<'PY'
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import psutil
import yaml
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily


class Machine:
    def __init__(self, cfg):
        self.cfg = cfg

    def collect(self):
        disks = {p: psutil.disk_usage(p).percent / 100 for p in self.cfg["disks"]}
        mem = psutil.virtual_memory().percent / 100
        yield GaugeMetricFamily("opsctl_cpu_percent", "cpu", value=psutil.cpu_percent())
        yield GaugeMetricFamily("opsctl_memory_used_ratio", "memory", value=mem)
        fam = GaugeMetricFamily("opsctl_disk_used_ratio", "disks", labels=["path"])
        for p, r in disks.items():
            fam.add_metric([p], r)
        yield fam
        ok = mem <= self.cfg["max_memory_used_ratio"] and max(disks.values()) <= self.cfg["max_disk_used_ratio"]
        yield GaugeMetricFamily("opsctl_healthy", "healthy", value=int(ok))


def serve(port, config):
    registry = CollectorRegistry()
    registry.register(Machine(yaml.safe_load(open(config))))

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path != "/metrics":
                self.send_error(404)
                return
            body = generate_latest(registry)
            self.send_response(200)
            self.send_header("Content-Type", CONTENT_TYPE_LATEST)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    ThreadingHTTPServer(("0.0.0.0", port), Handler).serve_forever()
PY
