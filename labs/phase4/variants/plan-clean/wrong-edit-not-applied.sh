#!/usr/bin/env bash
# expect: fail
# why: the instance's Name tag changed in the code after the last apply, and never applied
# feedback: aws_instance
# needs: network, instance
set -euo pipefail
cd infra
sed -i "s/Name    = \"$LAB_PARAM_PROJECT-web\"/Name    = \"$LAB_PARAM_PROJECT-frontend\"/" instance.tf
grep -q frontend instance.tf
