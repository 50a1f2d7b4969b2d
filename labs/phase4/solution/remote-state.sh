#!/bin/bash
# Reference solution: an S3 backend with the DynamoDB lock table; the local state is
# migrated into the bucket by terraform init.
set -euo pipefail
cd infra
cat > backend.tf <<TF
terraform {
  backend "s3" {
    bucket         = "${LAB_PARAM_STATE_BUCKET}"
    key            = "${LAB_PARAM_PROJECT}/infra.tfstate"
    region         = "${AWS_REGION}"
    dynamodb_table = "${LAB_PARAM_LOCK_TABLE}"
    use_path_style = true
  }
}
TF
terraform init -migrate-state -force-copy -input=false -no-color >/dev/null
# the lock table's digest entry is written with the state: make sure one was written
terraform apply -auto-approve -input=false -no-color >/dev/null
