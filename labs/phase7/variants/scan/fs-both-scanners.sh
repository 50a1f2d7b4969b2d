#!/usr/bin/env bash
# expect: pass
# why: one `trivy fs` over app/ with both scanners (misconfig,secret) at HIGH and CRITICAL, and USER nobody in the Dockerfile
# needs: sast
set -euo pipefail
cd /workspace
sed -i '/^# The token clients send/d; /^ENV API_TOKEN=/d' app/Dockerfile
grep -q '^USER ' app/Dockerfile || sed -i 's/^CMD \[/USER nobody\nCMD [/' app/Dockerfile
sed -i 's/^echo "== stage 3: image and secret scan"$/echo "== stage 3: image and secret scan"\ntrivy fs --scanners misconfig,secret --severity HIGH,CRITICAL --exit-code 1 app/' ci/pipeline.sh
bash ci/pipeline.sh >/dev/null
