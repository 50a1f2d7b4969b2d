# The state bucket and the lock table. This stack keeps its own state locally
# (terraform.tfstate in this folder): the bucket cannot hold the state that creates it.
terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

# Endpoint, region and credentials come from `eval "$(labctl env phase4)"`.
provider "aws" {}
