#!/usr/bin/env bash
# expect: pass
# why: one job `lab` with both targets in one static_config
# needs: instrument
# include: _lib/reload.sh
python3 - <<'PY'
import yaml
path = "/lab/prometheus/prometheus.yml"
doc = yaml.safe_load(open(path))
doc["scrape_configs"].append({"job_name": "lab", "static_configs": [{"targets": ["app:8000", "node-exporter:9100"]}]})
yaml.safe_dump(doc, open(path, "w"), sort_keys=False)
PY
reload_prometheus
