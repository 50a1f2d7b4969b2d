#!/bin/bash
# Container start for the incident lab. One image, one role per machine:
#   web api db cache             the shop (you log in to these as root with `ssh NAME`)
#   prometheus alertmanager pager chaos   monitoring, the pager, customers + chaos agent
#   workspace                    your workstation
set -u
role="${1:?role}"
keys=/opt/lab/keys

log() { echo "$(date -u +%FT%TZ) init[$role]: $*"; }
ready() { touch /run/lab-ready; log "ready"; }

# This env's secrets, made once by whichever machine starts first (the `keys` volume):
# the ops SSH key (your workstation and the chaos agent log in to the shop's machines
# with it) and the shop database's password.
env_secrets() {
  flock "$keys/.lock" bash -c '
    [ -e "$1/ops_ed25519" ] || ssh-keygen -q -t ed25519 -N "" -C "ops@incident-lab" -f "$1/ops_ed25519"
    [ -e "$1/db_password" ] || (umask 077; head -c 18 /dev/urandom | od -An -tx1 | tr -d " \n" > "$1/db_password")
  ' keygen "$keys"
}

host_key() {
  [ -e /etc/ssh/ssh_host_ed25519_key ] || ssh-keygen -q -t ed25519 -N '' -f /etc/ssh/ssh_host_ed25519_key
}

# A machine of the shop: sshd (root with the ops key), node-exporter
shop_machine() {
  host_key
  install -d -m 0700 /root/.ssh
  install -m 0600 "$keys/ops_ed25519.pub" /root/.ssh/authorized_keys
  service ssh start >/dev/null
  setsid prometheus-node-exporter --web.listen-address=:9100 --collector.disable-defaults \
    --collector.filesystem --collector.netstat --collector.netdev --collector.loadavg \
    --collector.filesystem.mount-points-exclude='^/(dev|proc|sys|etc/.+)($|/)' \
    >/var/log/node-exporter.log 2>&1 < /dev/null &
}

# SSH client set-up to reach web, api, db and cache as root
ops_client() {
  install -d -m 0700 /root/.ssh
  install -m 0600 "$keys/ops_ed25519" /root/.ssh/id_ed25519
  install -m 0644 "$keys/ops_ed25519.pub" /root/.ssh/id_ed25519.pub
  cat > /root/.ssh/config <<'CONF'
Host web api db cache
    User root
    StrictHostKeyChecking accept-new
    UserKnownHostsFile /root/.ssh/known_hosts
    ConnectTimeout 5
CONF
  chmod 0600 /root/.ssh/config
}

api_config() {   # the API's configuration history: release 001 (initial), 002 (in use)
  [ -e /etc/shop/api.yaml ] && return
  local pw; pw=$(cat "$keys/db_password")
  local day1 day2; day1=$(date -u -d '-9 days' +%FT10:12:00Z); day2=$(date -u -d '-2 days' +%FT15:40:00Z)
  for rel in 001 002; do
    local ttl=120 msg="initial configuration" at="$day1"
    [ "$rel" = 002 ] && ttl=300 msg="cache the catalog for 5 minutes" at="$day2"
    cat > /etc/shop/releases/$rel.yaml <<YAML
# shop-api configuration, release $rel: $msg
listen: 0.0.0.0:8000
database:
  host: db
  port: 5432
  name: shop
  user: shop
  password: $pw
  connect_timeout_s: 10
cache:
  host: cache
  port: 6379
  ttl_s: $ttl
  timeout_s: 10
catalog_query_cost_s: 4.0
journal_dir: /var/lib/shop/journal
slow_call_ms: 1000
YAML
    local sum; sum=$(sha256sum /etc/shop/releases/$rel.yaml | cut -c1-12)
    printf '{"release": "%s", "deployed_at": "%s", "by": "ci-bot", "message": "%s", "checksum": "%s"}\n' \
      "$rel" "$at" "$msg" "$sum" > /etc/shop/releases/$rel.meta.json
    echo "$at deploy release $rel by ci-bot: $msg" >> /var/log/shop/deploy.log
  done
  chmod 0640 /etc/shop/releases/*.yaml; chgrp shop /etc/shop/releases/*.yaml
  ln -sfn releases/002.yaml /etc/shop/api.yaml
}

db_first_start() {   # file the three nightly backups under this env's dates (the newest is damaged)
  local marker=/var/lib/postgresql/.lab-backups
  [ -e $marker ] && return
  local day t name
  install -d -m 0750 -o postgres -g postgres /var/backups/shop
  for day in 3 2 1; do
    t=$(( $(date +%s) - (day - 1) * 86400 - 3600 - day * 517 ))
    name="shop-$(date -u -d "@$t" +%F-%H%M)"
    install -m 0640 -o postgres -g postgres /opt/lab/backups/day$day.dump "/var/backups/shop/$name.dump"
    echo "$(cat /opt/lab/backups/day$day.sha256)  $name.dump" > "/var/backups/shop/$name.dump.sha256"
    if [ "$day" = 1 ]; then   # last night's copy to the backup share was cut short
      truncate -s $(( $(stat -c %s "/var/backups/shop/$name.dump") * 6 / 10 )) "/var/backups/shop/$name.dump"
    fi
    touch -d "@$t" "/var/backups/shop/$name.dump" "/var/backups/shop/$name.dump.sha256"
  done
  touch $marker
}

case "$role" in
  web)
    env_secrets; shop_machine
    service nginx start >/dev/null
    setsid mtail --progs /etc/mtail --logs /var/log/nginx/access.log --port 3903 \
      >/var/log/mtail.log 2>&1 < /dev/null &
    ready
    exec tail -n +1 -F /var/log/nginx/error.log
    ;;
  api)
    env_secrets; shop_machine
    api_config
    install -d -m 0755 -o shop -g shop /var/lib/shop/journal /var/lib/shop/debug
    chown shop:shop /var/lib/shop
    touch /var/log/shop/api.log; chown shop:shop /var/log/shop/api.log
    service shop-api start >/dev/null
    for _ in $(seq 100); do curl -fsS -o /dev/null http://127.0.0.1:8000/healthz 2>/dev/null && break; sleep 0.1; done
    ready
    exec tail -n +1 -F /var/log/shop/api.log
    ;;
  db)
    env_secrets; shop_machine
    service postgresql start >/dev/null
    su postgres -c "psql -qc \"ALTER ROLE shop PASSWORD '$(cat "$keys/db_password")'\""
    db_first_start
    ready
    exec tail -n 0 -F /var/log/postgresql/postgresql-15-main.log
    ;;
  cache)
    env_secrets; shop_machine
    service redis-server start >/dev/null
    ready
    exec tail -n +1 -F /var/log/redis/redis-server.log
    ;;
  prometheus)
    slo=$(awk -v ms="${SLO_MS:-2000}" 'BEGIN { printf "%g", ms / 1000 }')
    install -d /etc/prometheus/rules
    cat > /etc/prometheus/prometheus.yml <<'YAML'
global:
  scrape_interval: 2s
  evaluation_interval: 2s
rule_files: [/etc/prometheus/rules/*.yml]
alerting:
  alertmanagers:
    - static_configs: [{targets: ["alertmanager:9093"]}]
scrape_configs:
  - job_name: customers        # the synthetic customers: what the shop's users see
    static_configs: [{targets: ["chaos:9200"]}]
  - job_name: api              # the orders API's own metrics
    static_configs: [{targets: ["api:8000"]}]
  - job_name: web              # the front's access log, turned into metrics by mtail
    static_configs: [{targets: ["web:3903"]}]
  - job_name: node             # node-exporter on each machine of the shop
    static_configs: [{targets: ["web:9100", "api:9100", "db:9100", "cache:9100"]}]
    relabel_configs:
      - {source_labels: [__address__], regex: "([^:]+):.*", target_label: instance, replacement: "$1"}
  - job_name: prometheus
    static_configs: [{targets: ["localhost:9090"]}]
  - job_name: alertmanager
    static_configs: [{targets: ["alertmanager:9093"]}]
YAML
    cat > /etc/prometheus/rules/shop.yml <<YAML
groups:
  - name: shop-slo
    interval: 2s
    rules:
      - record: shop:client_error_ratio:rate30s
        expr: sum(rate(shop_client_requests_total{outcome="error"}[30s])) / sum(rate(shop_client_requests_total[30s]))
      - record: shop:client_latency_p95:rate30s
        expr: histogram_quantile(0.95, sum by (le) (rate(shop_client_request_duration_seconds_bucket[30s])))
      - record: shop:client_latency_p95_by_endpoint:rate30s
        expr: histogram_quantile(0.95, sum by (endpoint, le) (rate(shop_client_request_duration_seconds_bucket[30s])))
      - alert: ShopHighErrorRate
        expr: shop:client_error_ratio:rate30s > 0.05
        for: 10s
        labels: {severity: page, service: shop}
        annotations:
          summary: "{{ \$value | humanizePercentage }} of customer requests fail (SLO: under 5%)"
          runbook: /lab/runbooks/remediate.sh
      - alert: ShopHighLatency
        expr: shop:client_latency_p95:rate30s > $slo
        for: 10s
        labels: {severity: page, service: shop}
        annotations:
          summary: "95th percentile of customer request latency is {{ \$value | humanizeDuration }} (SLO: under ${SLO_MS:-2000} ms)"
          runbook: /lab/runbooks/remediate.sh
YAML
    prometheus --config.file=/etc/prometheus/prometheus.yml --storage.tsdb.path=/var/lib/prometheus/lab \
      --storage.tsdb.retention.time=1d --web.listen-address=:9090 --log.level=warn &
    for _ in $(seq 200); do curl -fsS -o /dev/null http://127.0.0.1:9090/-/ready 2>/dev/null && break; sleep 0.1; done
    ready; wait
    ;;
  alertmanager)
    cat > /etc/prometheus/alertmanager.yml <<'YAML'
route:
  receiver: pager
  group_by: [service]
  group_wait: 2s
  group_interval: 5s
  repeat_interval: 4h
receivers:
  - name: pager
    webhook_configs:
      - url: http://pager:9095/webhook
        send_resolved: true
YAML
    prometheus-alertmanager --config.file=/etc/prometheus/alertmanager.yml --storage.path=/var/lib/prometheus/alertmanager \
      --web.listen-address=:9093 --cluster.listen-address= --log.level=warn &
    for _ in $(seq 200); do curl -fsS -o /dev/null http://127.0.0.1:9093/-/ready 2>/dev/null && break; sleep 0.1; done
    ready; wait
    ;;
  pager)
    python3 /opt/lab/pager/server.py &
    for _ in $(seq 100); do curl -fsS -o /dev/null http://127.0.0.1:9095/healthz 2>/dev/null && break; sleep 0.1; done
    ready; wait
    ;;
  chaos)
    env_secrets; ops_client
    exec python3 /opt/lab/chaos/chaosd.py
    ;;
  workspace)
    env_secrets; ops_client; host_key
    # In a class, students log in here over SSH as root (labctl sets the password and key).
    printf 'PermitRootLogin yes\nPasswordAuthentication yes\n' > /etc/ssh/sshd_config.d/05-workstation.conf
    service ssh start >/dev/null
    ready
    exec sleep infinity
    ;;
  *)
    echo "unknown role '$role'" >&2; exit 2 ;;
esac
