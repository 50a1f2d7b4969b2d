#!/usr/bin/env bash
# expect: pass
# why: the aws CLI instead of Terraform: create-bucket, put-bucket-versioning, dynamodb create-table
set -euo pipefail
aws s3api create-bucket --bucket "$LAB_PARAM_STATE_BUCKET" >/dev/null
aws s3api put-bucket-versioning --bucket "$LAB_PARAM_STATE_BUCKET" --versioning-configuration Status=Enabled
aws dynamodb create-table --table-name "$LAB_PARAM_LOCK_TABLE" --billing-mode PAY_PER_REQUEST \
  --attribute-definitions AttributeName=LockID,AttributeType=S --key-schema AttributeName=LockID,KeyType=HASH >/dev/null
