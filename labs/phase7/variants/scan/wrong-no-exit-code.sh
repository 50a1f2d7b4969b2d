#!/usr/bin/env bash
# expect: fail
# why: Trivy runs in the pipeline, but without --exit-code it always exits 0: it reports and never blocks
# feedback: passed on a copy
# needs: sast
set -euo pipefail
cd /workspace
sed -i '/^# The token clients send/d; /^ENV API_TOKEN=/d' app/Dockerfile
grep -q '^USER ' app/Dockerfile || sed -i 's/^CMD \[/USER 10001\nCMD [/' app/Dockerfile
sed -i 's/^echo "== stage 3: image and secret scan"$/echo "== stage 3: image and secret scan"\ntrivy config --severity HIGH,CRITICAL app\/\ntrivy fs --scanners secret app/' ci/pipeline.sh
