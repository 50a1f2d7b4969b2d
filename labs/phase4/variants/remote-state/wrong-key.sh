#!/usr/bin/env bash
# expect: fail
# why: the key left at the usual terraform.tfstate, not PROJECT/infra.tfstate
# feedback: expected the state of infra/ at
# needs: state-backend, network
set -euo pipefail
cd infra
cat > backend.tf <<TF
terraform {
  backend "s3" {
    bucket         = "$LAB_PARAM_STATE_BUCKET"
    key            = "terraform.tfstate"
    region         = "$AWS_REGION"
    dynamodb_table = "$LAB_PARAM_LOCK_TABLE"
    use_path_style = true
  }
}
TF
terraform init -input=false -no-color -migrate-state -force-copy >/dev/null
