#!/usr/bin/env bash
# expect: fail
# why: the S3 backend without dynamodb_table: state in the bucket, but no locking
# feedback: lock table
# needs: state-backend, network
set -euo pipefail
cd infra
cat > backend.tf <<TF
terraform {
  backend "s3" {
    bucket         = "$LAB_PARAM_STATE_BUCKET"
    key            = "$LAB_PARAM_PROJECT/infra.tfstate"
    region         = "$AWS_REGION"
    use_path_style = true
  }
}
TF
terraform init -input=false -no-color -migrate-state -force-copy >/dev/null
terraform apply -auto-approve -input=false -no-color >/dev/null
