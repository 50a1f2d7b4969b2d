#!/bin/bash
# Reference solution: one scrape job for the service, one for node-exporter; reload.
set -euo pipefail
cfg=/lab/prometheus/prometheus.yml
python3 - "$cfg" "$LAB_PARAM_SERVICE" <<'PY'
import sys
import yaml
path, service = sys.argv[1], sys.argv[2]
doc = yaml.safe_load(open(path))
jobs = doc.setdefault("scrape_configs", [])
wanted = {
    service: {"job_name": service, "static_configs": [{"targets": ["app:8000"]}]},
    "node": {"job_name": "node", "static_configs": [{"targets": ["node-exporter:9100"]}]},
}
names = {j["job_name"] for j in jobs}
jobs += [job for name, job in wanted.items() if name not in names]
yaml.safe_dump(doc, open(path, "w"), sort_keys=False)
PY
promtool check config "$cfg"
curl -fsS -X POST http://prometheus:9090/-/reload
# Prometheus applies new targets a few seconds after a reload: wait until both were scraped
for _ in $(seq 60); do
  up=$(curl -fsS http://prometheus:9090/api/v1/targets | jq '[.data.activeTargets[] | select(.health != "unknown") | .scrapeUrl] | map(select(test("app:8000|node-exporter:9100"))) | length')
  [ "$up" -ge 2 ] && exit 0
  sleep 0.5
done
echo "the targets did not come up" >&2
exit 1
