#!/usr/bin/env bash
# expect: fail
# why: a good config is loaded, then an edit with a bad indent is reloaded: the reload fails and the old config keeps running
# feedback: does not load
# needs: instrument
# alone: true
# include: _lib/reload.sh
cat >> /lab/prometheus/prometheus.yml <<'YAML'
  - job_name: app
    static_configs:
      - targets: ["app:8000"]
  - job_name: node
    static_configs:
      - targets: ["node-exporter:9100"]
YAML
reload_prometheus
sleep 6
cat >> /lab/prometheus/prometheus.yml <<'YAML'
  - job_name: node-again
   static_configs:
      - targets: ["node-exporter:9100"]
YAML
reload_prometheus
