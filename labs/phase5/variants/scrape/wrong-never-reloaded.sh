#!/usr/bin/env bash
# expect: fail
# why: the jobs are written and promtool says the file is fine, but Prometheus is never reloaded
# feedback: expected Prometheus to scrape
# needs: instrument
cat >> /lab/prometheus/prometheus.yml <<'YAML'
  - job_name: app
    static_configs:
      - targets: ["app:8000"]
  - job_name: node
    static_configs:
      - targets: ["node-exporter:9100"]
YAML
promtool check config /lab/prometheus/prometheus.yml
