#!/usr/bin/env bash
# expect: pass
# why: the reviewed way: save a plan to a file, apply exactly that file, and leave no plan file behind
# needs: network, instance
set -euo pipefail
cd infra
terraform plan -input=false -no-color -out=converge.tfplan >/dev/null
terraform apply -input=false -no-color converge.tfplan >/dev/null
rm -f converge.tfplan
