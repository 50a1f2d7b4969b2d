#!/usr/bin/env bash
# expect: pass
# why: jq fills the skeleton's empty panel list; [2m] windows, and a hidden extra target that has no data
# needs: instrument, scrape, recording
set -euo pipefail
s=$LAB_PARAM_SERVICE
f=/lab/dashboards/service-overview.json
jq --arg s "$s" '.panels = [
  {id: 1, title: "Traffic by status", type: "timeseries",
   targets: [{refId: "A", expr: ("sum by (status) (rate(" + $s + "_http_requests_total[2m]))")}]},
  {id: 2, title: "p95 latency", type: "timeseries",
   targets: [{refId: "A", expr: ("histogram_quantile(0.95, sum by (le) (rate(" + $s + "_http_request_duration_seconds_bucket[2m])))")},
             {refId: "B", hide: true, expr: ("avg(" + $s + "_not_yet_exported)")}]},
  {id: 3, title: "Error ratio", type: "timeseries", targets: [{refId: "A", expr: ($s + ":error_ratio:rate1m")}]},
  {id: 4, title: "Memory free", type: "timeseries",
   targets: [{refId: "A", expr: "node_memory_MemAvailable_bytes"}]}
]' "$f" > /tmp/dash.json && mv /tmp/dash.json "$f"
