#!/usr/bin/env bash
# expect: pass
# why: a numeric USER in the Dockerfile, then `trivy config` and `trivy fs --scanners secret` with --exit-code 1 (secrets/ and repo/ skipped)
# needs: sast
set -euo pipefail
cd /workspace
sed -i '/^# The token clients send/d; /^ENV API_TOKEN=/d' app/Dockerfile
grep -q '^USER ' app/Dockerfile || sed -i 's/^CMD \[/USER 10001:10001\nCMD [/' app/Dockerfile
python3 - <<'PY'
path = "ci/pipeline.sh"
text = open(path).read()
stage = ("trivy config --exit-code 1 --severity HIGH,CRITICAL app/\n"
         "trivy fs --scanners secret --exit-code 1 --skip-dirs ./secrets --skip-dirs ./repo .\n")
marker = 'echo "== stage 3: image and secret scan"\n'
if stage not in text:
    text = text.replace(marker, marker + stage, 1)
open(path, "w").write(text)
PY
bash ci/pipeline.sh >/dev/null
