#!/usr/bin/env bash
# expect: fail
# why: metrics_path /api/metrics ("the API lives under /api"): the target is down with a 404
# feedback: 404
# needs: instrument
# include: _lib/reload.sh
cat >> /lab/prometheus/prometheus.yml <<'YAML'
  - job_name: app
    metrics_path: /api/metrics
    static_configs:
      - targets: ["app:8000"]
  - job_name: node
    static_configs:
      - targets: ["node-exporter:9100"]
YAML
reload_prometheus
