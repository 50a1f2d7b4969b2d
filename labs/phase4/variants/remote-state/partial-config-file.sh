#!/usr/bin/env bash
# expect: pass
# why: an empty backend "s3" {} block and the settings in backend.hcl, given to init with -backend-config
# needs: state-backend, network
set -euo pipefail
cd infra
cat > backend.tf <<'TF'
terraform {
  backend "s3" {}
}
TF
cat > backend.hcl <<HCL
bucket         = "$LAB_PARAM_STATE_BUCKET"
key            = "$LAB_PARAM_PROJECT/infra.tfstate"
region         = "$AWS_REGION"
dynamodb_table = "$LAB_PARAM_LOCK_TABLE"
use_path_style = true
encrypt        = true
HCL
terraform init -input=false -no-color -migrate-state -force-copy -backend-config=backend.hcl >/dev/null
terraform plan -input=false -no-color -lock-timeout=30s >/dev/null
