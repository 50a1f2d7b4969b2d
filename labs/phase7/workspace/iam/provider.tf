# Terraform for task iam (optional: the aws CLI or boto3 do as well).
# The provider takes the endpoint, region and credentials of this env's AWS
# emulator from the environment: run `eval "$(labctl env phase7)"` first.
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
