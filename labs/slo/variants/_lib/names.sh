# Names and numbers a learner reads off the task text, derived from the parameters.
S=$LAB_PARAM_SERVICE
LE=$(python3 -c "print(f'{$LAB_PARAM_LATENCY_THRESHOLD_MS / 1000:g}')")
OBJ=$(python3 -c "print(round($LAB_PARAM_AVAILABILITY_TARGET / 100, 6))")
BUDGET=$(python3 -c "print(round(1 - $LAB_PARAM_AVAILABILITY_TARGET / 100, 6))")
RULES=/lab/prometheus/rules
reload_prometheus() {
    promtool check rules "$@" >/dev/null
    curl -fsS -X POST http://prometheus:9090/-/reload
}
