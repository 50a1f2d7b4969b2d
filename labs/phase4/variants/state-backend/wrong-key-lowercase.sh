#!/usr/bin/env bash
# expect: fail
# why: the table's hash key spelt lock_id (the backend expects LockID)
# feedback: LockID
set -euo pipefail
aws s3api create-bucket --bucket "$LAB_PARAM_STATE_BUCKET" >/dev/null
aws s3api put-bucket-versioning --bucket "$LAB_PARAM_STATE_BUCKET" --versioning-configuration Status=Enabled
aws dynamodb create-table --table-name "$LAB_PARAM_LOCK_TABLE" --billing-mode PAY_PER_REQUEST \
  --attribute-definitions AttributeName=lock_id,AttributeType=S --key-schema AttributeName=lock_id,KeyType=HASH >/dev/null
