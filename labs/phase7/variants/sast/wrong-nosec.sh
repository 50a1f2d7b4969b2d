#!/usr/bin/env bash
# expect: fail
# why: the findings silenced with # nosec comments instead of fixed
# feedback: B602
set -euo pipefail
cd /workspace
sed -i 's/shell=True, text=True)$/shell=True, text=True)  # nosec/; s/Environment(autoescape=False).from_string($/Environment(autoescape=False).from_string(  # nosec/; s/debug=True)$/debug=True)  # nosec/' app/app.py
grep -q "# nosec" app/app.py
sed -i 's/^echo "== stage 2: SAST"$/echo "== stage 2: SAST"\nbandit -q -r app -lll/' ci/pipeline.sh
