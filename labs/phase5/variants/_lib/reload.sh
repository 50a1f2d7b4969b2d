# Helpers: reload Prometheus / Alertmanager as the learner does (curl -X POST .../-/reload).
set -euo pipefail
s=$LAB_PARAM_SERVICE
reload_prometheus() { curl -sS -X POST http://prometheus:9090/-/reload || true; }
reload_alertmanager() { curl -sS -X POST http://alertmanager:9093/-/reload || true; }
