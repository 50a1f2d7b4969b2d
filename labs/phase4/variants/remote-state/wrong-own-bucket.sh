#!/usr/bin/env bash
# expect: fail
# why: a new bucket named after the project for the state, instead of the bootstrapped state bucket
# feedback: expected the state of infra/ at
# needs: state-backend, network
set -euo pipefail
aws s3api create-bucket --bucket "$LAB_PARAM_PROJECT-tfstate" >/dev/null
cd infra
cat > backend.tf <<TF
terraform {
  backend "s3" {
    bucket         = "$LAB_PARAM_PROJECT-tfstate"
    key            = "$LAB_PARAM_PROJECT/infra.tfstate"
    region         = "$AWS_REGION"
    dynamodb_table = "$LAB_PARAM_LOCK_TABLE"
    use_path_style = true
  }
}
TF
terraform init -input=false -no-color -migrate-state -force-copy >/dev/null
