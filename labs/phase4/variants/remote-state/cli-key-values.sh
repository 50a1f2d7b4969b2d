#!/usr/bin/env bash
# expect: pass
# why: the backend's settings as -backend-config key=value flags, then an apply through the lock
# needs: state-backend, network
set -euo pipefail
cd infra
printf 'terraform {\n  backend "s3" {\n    use_path_style = true\n  }\n}\n' > backend.tf
terraform init -input=false -no-color -migrate-state -force-copy \
  -backend-config="bucket=$LAB_PARAM_STATE_BUCKET" \
  -backend-config="key=$LAB_PARAM_PROJECT/infra.tfstate" \
  -backend-config="region=$AWS_REGION" \
  -backend-config="dynamodb_table=$LAB_PARAM_LOCK_TABLE" >/dev/null
terraform apply -auto-approve -input=false -no-color >/dev/null
