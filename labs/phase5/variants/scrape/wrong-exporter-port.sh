#!/usr/bin/env bash
# expect: fail
# why: node-exporter scraped on Prometheus' own port 9090
# feedback: node-exporter:9100
# needs: instrument
# include: _lib/reload.sh
cat >> /lab/prometheus/prometheus.yml <<'YAML'
  - job_name: app
    static_configs:
      - targets: ["app:8000"]
  - job_name: node
    static_configs:
      - targets: ["node-exporter:9090"]
YAML
reload_prometheus
