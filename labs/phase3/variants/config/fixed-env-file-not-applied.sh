#!/usr/bin/env bash
# expect: fail
# why: started with a typo in COUNTER_KEY, fixed app.env afterwards and never recreated web
# run_in: host
# needs: image, compose
# include: _lib/stack.sh
# feedback: COUNTER_KEY is '.*-typo'
# alone: true
set -euo pipefail
sed -i "s/^COUNTER_KEY=.*/COUNTER_KEY=$LAB_PARAM_COUNTER_KEY-typo/" app.env
dc up -d >/dev/null 2>&1
wait_web
sed -i "s/^COUNTER_KEY=.*/COUNTER_KEY=$LAB_PARAM_COUNTER_KEY/" app.env
