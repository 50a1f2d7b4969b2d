#!/usr/bin/env bash
# expect: fail
# why: the service scraped at localhost:8000, as if it ran in Prometheus' container
# feedback: app:8000
# needs: instrument
# include: _lib/reload.sh
cat >> /lab/prometheus/prometheus.yml <<'YAML'
  - job_name: app
    static_configs:
      - targets: ["localhost:8000"]
  - job_name: node
    static_configs:
      - targets: ["node-exporter:9100"]
YAML
reload_prometheus
