#!/bin/bash
# Container start for the aiops lab. One image, four roles:
#   prometheus    generates the env's 10-day history from LAB_SEED (first start only), backfills
#                 it with promtool, then serves it (nothing is scraped: the history is the data)
#   alertmanager  routes alerts labelled team=$LAB_TEAM to the receiver
#   receiver      records every notification Alertmanager sends it (GET /alerts lists them)
#   workspace     your machine: Python with numpy, pandas, scikit-learn, requests
set -eu
role="${1:-workspace}"
case "$role" in
  prometheus)
    data=/var/lib/prometheus/data
    if [ ! -e /var/lib/lab/truth.json ]; then
      rm -rf "$data" /tmp/history.om
      mkdir -p "$data"
      end=$(date +%s)
      python3 /opt/lab/gen.py "$LAB_SEED" "$end" /tmp/history.om /var/lib/lab/truth.tmp /tmp/labelled.csv
      promtool tsdb create-blocks-from openmetrics --max-block-duration=240h /tmp/history.om "$data" >/dev/null
      rm -f /tmp/history.om
      mkdir -p /lab/incidents
      install -m 0644 /tmp/labelled.csv /lab/incidents/labelled.csv
      chmod 0600 /var/lib/lab/truth.tmp
      mv /var/lib/lab/truth.tmp /var/lib/lab/truth.json
    fi
    cat > /etc/lab-prometheus.yml <<'YAML'
global:
  scrape_interval: 1m
scrape_configs: []
YAML
    exec prometheus --config.file=/etc/lab-prometheus.yml --storage.tsdb.path="$data" \
      --storage.tsdb.retention.time=3650d --web.listen-address=:9090 --web.enable-lifecycle
    ;;
  alertmanager)
    mkdir -p /etc/lab
    cat > /etc/lab/alertmanager.yml <<YAML
route:
  receiver: blackhole
  group_by: [alertname, service]
  group_wait: 1s
  group_interval: 5s
  repeat_interval: 1h
  routes:
    - receiver: oncall
      matchers: ['team="${LAB_TEAM}"']
receivers:
  - name: blackhole
  - name: oncall
    webhook_configs:
      - url: http://receiver:9095/alerts
        send_resolved: true
YAML
    # a restart is a clean slate: no notification log, so a re-sent alert notifies again
    rm -rf /tmp/alertmanager
    exec prometheus-alertmanager --config.file=/etc/lab/alertmanager.yml --storage.path=/tmp/alertmanager \
      --web.listen-address=:9093 --cluster.listen-address=
    ;;
  receiver)
    exec python3 /opt/lab/receiver.py 9095
    ;;
  workspace)
    exec sleep infinity
    ;;
  *)
    echo "unknown role '$role'; choose from: prometheus, alertmanager, receiver, workspace" >&2
    exit 2
    ;;
esac
