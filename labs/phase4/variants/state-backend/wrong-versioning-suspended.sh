#!/usr/bin/env bash
# expect: fail
# why: Terraform with versioning status "Suspended" ("we do not need old states")
# feedback: Suspended
set -euo pipefail
cd bootstrap
cat > main.tf <<TF
resource "aws_s3_bucket" "state" {
  bucket = "$LAB_PARAM_STATE_BUCKET"
}
resource "aws_s3_bucket_versioning" "state" {
  bucket = aws_s3_bucket.state.id
  versioning_configuration { status = "Suspended" }
}
resource "aws_dynamodb_table" "lock" {
  name         = "$LAB_PARAM_LOCK_TABLE"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "LockID"
  attribute {
    name = "LockID"
    type = "S"
  }
}
TF
terraform init -input=false -no-color >/dev/null
terraform apply -auto-approve -input=false -no-color >/dev/null
