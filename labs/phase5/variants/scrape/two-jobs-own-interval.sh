#!/usr/bin/env bash
# expect: pass
# why: two jobs with names of the learner's own and a per-job scrape_interval, written with a heredoc
# needs: instrument
# include: _lib/reload.sh
cat > /lab/prometheus/prometheus.yml <<'YAML'
global:
  scrape_interval: 5s
  evaluation_interval: 5s
rule_files:
  - /lab/prometheus/rules/*.yml
scrape_configs:
  - job_name: prometheus
    static_configs:
      - targets: ["localhost:9090"]
  - job_name: orders-api
    scrape_interval: 5s
    static_configs:
      - targets: ["app:8000"]
        labels: {env: lab}
  - job_name: host
    static_configs:
      - targets: ["node-exporter:9100"]
YAML
promtool check config /lab/prometheus/prometheus.yml
reload_prometheus
