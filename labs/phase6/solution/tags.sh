#!/bin/bash
# Reference solution of task tags (host, cwd = workspace): provider-level default_tags,
# so every taggable resource of the stack gets both tags; then apply.
set -euo pipefail
cd terraform
cat > provider.tf <<TF
terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}

provider "aws" {
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  s3_use_path_style           = true

  default_tags {
    tags = {
      CostCenter = "${LAB_PARAM_COST_CENTER}"
      Owner      = "${LAB_PARAM_OWNER}"
    }
  }
}
TF
terraform init -input=false -no-color >/dev/null
terraform apply -auto-approve -input=false -no-color | tail -n 1
