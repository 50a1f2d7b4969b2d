#!/usr/bin/env bash
# expect: fail
# why: `trivy config --exit-code 1 app/` without --severity: the Dockerfile's LOW findings fail every build
# feedback: fails on your workspace as it is
# needs: sast
set -euo pipefail
cd /workspace
sed -i '/^# The token clients send/d; /^ENV API_TOKEN=/d' app/Dockerfile
grep -q '^USER ' app/Dockerfile || sed -i 's/^CMD \[/USER 10001\nCMD [/' app/Dockerfile
sed -i 's/^echo "== stage 3: image and secret scan"$/echo "== stage 3: image and secret scan"\ntrivy config --exit-code 1 app\/\ntrivy fs --scanners secret --exit-code 1 app/' ci/pipeline.sh
