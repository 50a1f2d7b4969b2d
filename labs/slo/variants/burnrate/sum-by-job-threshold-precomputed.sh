#!/usr/bin/env bash
# expect: pass
# why: error ratios by job over both windows against a precomputed 14.4 x budget, in a group of its own with interval 2s
# include: _lib/names.sh
set -euo pipefail
LIMIT=$(python3 -c "print(round(14.4 * $BUDGET, 6))")
cat > $RULES/page.yml <<YAML
groups:
  - name: page
    interval: 2s
    rules:
      - alert: ${LAB_PARAM_ALERT_NAME}
        expr: |
          sum by (job) (rate(${S}_http_requests_total{code=~"5.."}[1m])) / sum by (job) (rate(${S}_http_requests_total[1m])) > ${LIMIT}
          and
          sum by (job) (rate(${S}_http_requests_total{code=~"5.."}[10s])) / sum by (job) (rate(${S}_http_requests_total[10s])) > ${LIMIT}
YAML
reload_prometheus $RULES/page.yml
