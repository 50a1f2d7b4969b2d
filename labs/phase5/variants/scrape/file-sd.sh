#!/usr/bin/env bash
# expect: pass
# why: file-based service discovery: the targets live in prometheus/targets/*.json, explicit metrics_path and scheme
# needs: instrument
# include: _lib/reload.sh
mkdir -p /lab/prometheus/targets
cat > /lab/prometheus/targets/lab.json <<JSON
[{"targets": ["app:8000"], "labels": {"job": "$s", "team": "orders"}},
 {"targets": ["node-exporter:9100"], "labels": {"job": "node"}}]
JSON
cat >> /lab/prometheus/prometheus.yml <<'YAML'
  - job_name: discovered
    metrics_path: /metrics
    scheme: http
    file_sd_configs:
      - files: ["/lab/prometheus/targets/*.json"]
        refresh_interval: 10s
YAML
promtool check config /lab/prometheus/prometheus.yml
reload_prometheus
