#!/bin/bash
# Start Prometheus with the hour before the lab began already in its database (history.py),
# once: a restarted container keeps its data and gets no second history.
set -euo pipefail
DATA=/var/lib/prometheus/slo
if [ ! -e "$DATA/.history" ]; then
    mkdir -p "$DATA"
    python3 /usr/local/lib/slo/history.py "$SERVICE" app:8000 > /tmp/history.om
    promtool tsdb create-blocks-from openmetrics /tmp/history.om "$DATA" > /dev/null
    rm -f /tmp/history.om
    touch "$DATA/.history"
fi
exec prometheus --config.file=/lab/prometheus/prometheus.yml --storage.tsdb.path="$DATA" \
    --storage.tsdb.retention.time=1d --web.listen-address=:9090 --web.enable-lifecycle "$@"
