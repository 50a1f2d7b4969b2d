#!/usr/bin/env bash
# expect: fail
# why: the bucket and the table, but versioning is never turned on
# feedback: versioning Enabled
set -euo pipefail
aws s3api create-bucket --bucket "$LAB_PARAM_STATE_BUCKET" >/dev/null
aws dynamodb create-table --table-name "$LAB_PARAM_LOCK_TABLE" --billing-mode PAY_PER_REQUEST \
  --attribute-definitions AttributeName=LockID,AttributeType=S --key-schema AttributeName=LockID,KeyType=HASH >/dev/null
