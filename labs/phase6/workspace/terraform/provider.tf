# Terraform for lab phase6 (optional: the aws CLI and boto3 are just as fine).
# The provider takes this env's AWS emulator endpoint, region and credentials from
# the environment: run `eval "$(labctl env phase6)"` in your shell first.
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
}
