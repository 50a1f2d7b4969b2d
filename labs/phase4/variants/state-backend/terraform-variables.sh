#!/usr/bin/env bash
# expect: pass
# why: Terraform in bootstrap/ with the names as variables in terraform.tfvars and point-in-time recovery on the table
set -euo pipefail
cd bootstrap
cat > main.tf <<'TF'
variable "state_bucket" { type = string }
variable "lock_table" { type = string }

resource "aws_s3_bucket" "state" {
  bucket = var.state_bucket
}

resource "aws_s3_bucket_versioning" "state" {
  bucket = aws_s3_bucket.state.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_dynamodb_table" "lock" {
  name           = var.lock_table
  billing_mode   = "PROVISIONED"
  read_capacity  = 1
  write_capacity = 1
  hash_key       = "LockID"
  attribute {
    name = "LockID"
    type = "S"
  }
}
TF
printf 'state_bucket = "%s"\nlock_table = "%s"\n' "$LAB_PARAM_STATE_BUCKET" "$LAB_PARAM_LOCK_TABLE" > terraform.tfvars
terraform init -input=false -no-color >/dev/null
terraform apply -auto-approve -input=false -no-color >/dev/null
