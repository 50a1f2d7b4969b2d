terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }

  # Task remote-state: the backend "s3" block goes here.
}

# Endpoint, region and credentials come from `eval "$(labctl env phase4)"`.
provider "aws" {}
