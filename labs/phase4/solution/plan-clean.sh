#!/bin/bash
# Reference solution: nothing to fix in this code; converge if anything drifted, then
# prove it: plan -detailed-exitcode exits 0 when there is nothing to change.
set -euo pipefail
cd infra
rc=0
terraform plan -detailed-exitcode -input=false -no-color >/dev/null || rc=$?
if [ "$rc" = 2 ]; then
  terraform apply -auto-approve -input=false -no-color >/dev/null
  terraform plan -detailed-exitcode -input=false -no-color >/dev/null
elif [ "$rc" != 0 ]; then
  exit "$rc"
fi
