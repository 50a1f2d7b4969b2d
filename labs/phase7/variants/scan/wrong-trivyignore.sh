#!/usr/bin/env bash
# expect: fail
# why: AVD-DS-0002 put in .trivyignore instead of adding a USER to the Dockerfile
# feedback: AVD-DS-0002
# needs: sast
set -euo pipefail
cd /workspace
printf 'AVD-DS-0002\n' > .trivyignore
sed -i 's/^echo "== stage 3: image and secret scan"$/echo "== stage 3: image and secret scan"\ntrivy config --exit-code 1 --severity HIGH,CRITICAL app\/\ntrivy fs --scanners secret --exit-code 1 --skip-dirs secrets --skip-dirs repo ./' ci/pipeline.sh
