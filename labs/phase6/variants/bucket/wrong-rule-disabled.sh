#!/usr/bin/env bash
# expect: fail
# why: Terraform with the rule written but left Disabled ("turn it on later")
# feedback: disabled
set -euo pipefail
mkdir -p storage && cd storage
cp ../terraform/provider.tf .
cat > main.tf <<TF
resource "aws_s3_bucket" "b" {
  bucket = "$LAB_PARAM_BUCKET"
}
resource "aws_s3_bucket_versioning" "b" {
  bucket = aws_s3_bucket.b.id
  versioning_configuration { status = "Enabled" }
}
resource "aws_s3_bucket_server_side_encryption_configuration" "b" {
  bucket = aws_s3_bucket.b.id
  rule {
    apply_server_side_encryption_by_default { sse_algorithm = "AES256" }
  }
}
resource "aws_s3_bucket_public_access_block" "b" {
  bucket                  = aws_s3_bucket.b.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
resource "aws_s3_bucket_lifecycle_configuration" "b" {
  bucket = aws_s3_bucket.b.id
  rule {
    id     = "logs"
    status = "Disabled"
    filter { prefix = "logs/" }
    expiration { days = $LAB_PARAM_LOG_DAYS }
  }
}
TF
terraform init -input=false -no-color >/dev/null
terraform apply -auto-approve -input=false -no-color >/dev/null
