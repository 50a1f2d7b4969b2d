#!/usr/bin/env bash
# expect: pass
# why: nothing to fix: apply once more, then prove it with -detailed-exitcode
# needs: network, instance
set -euo pipefail
cd infra
terraform apply -auto-approve -input=false -no-color >/dev/null
rc=0; terraform plan -detailed-exitcode -input=false -no-color >/dev/null || rc=$?
test "$rc" = 0
