#!/usr/bin/env bash
# expect: fail
# why: migrated to the bucket, then the backend block removed again ("local is faster") and the state migrated back
# feedback: local backend
# needs: state-backend, network
set -euo pipefail
cd infra
cat > backend.tf <<TF
terraform {
  backend "s3" {
    bucket         = "$LAB_PARAM_STATE_BUCKET"
    key            = "$LAB_PARAM_PROJECT/infra.tfstate"
    region         = "$AWS_REGION"
    dynamodb_table = "$LAB_PARAM_LOCK_TABLE"
    use_path_style = true
  }
}
TF
terraform init -input=false -no-color -migrate-state -force-copy >/dev/null
terraform apply -auto-approve -input=false -no-color >/dev/null
rm backend.tf
terraform init -input=false -no-color -migrate-state -force-copy >/dev/null
