#!/usr/bin/env bash
# expect: pass
# why: renames the service's scrape job just before writing a `sum by (job)` rule: the old job's series are still in the last minute
# needs: instrument, scrape
# include: _lib/reload.sh
python3 - "$s" <<'PY'
import sys
import yaml
path = "/lab/prometheus/prometheus.yml"
doc = yaml.safe_load(open(path))
for job in doc["scrape_configs"]:
    if any("app:8000" in t for sc in job.get("static_configs", []) for t in sc.get("targets", [])):
        job["job_name"] = "orders-" + sys.argv[1]
yaml.safe_dump(doc, open(path, "w"), sort_keys=False)
PY
cat > /lab/prometheus/rules/ratio.yml <<YAML
groups:
  - name: ratio
    rules:
      - record: $s:error_ratio:rate1m
        expr: |
          sum by (job) (rate(${s}_http_requests_total{status=~"5.."}[1m]))
          / sum by (job) (rate(${s}_http_requests_total[1m]))
YAML
reload_prometheus
