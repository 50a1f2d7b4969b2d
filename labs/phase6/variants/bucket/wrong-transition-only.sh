#!/usr/bin/env bash
# expect: fail
# why: "expire" read as "archive": the logs rule moves objects to Glacier after the days but never deletes them
# feedback: never expires
# feedback: GLACIER
set -euo pipefail
b=$LAB_PARAM_BUCKET
aws s3api create-bucket --bucket "$b" >/dev/null
aws s3api put-bucket-versioning --bucket "$b" --versioning-configuration Status=Enabled
aws s3api put-bucket-encryption --bucket "$b" --server-side-encryption-configuration \
  '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"AES256"}}]}'
aws s3api put-public-access-block --bucket "$b" --public-access-block-configuration \
  BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true
aws s3api put-bucket-lifecycle-configuration --bucket "$b" --lifecycle-configuration \
  "{\"Rules\":[{\"ID\":\"logs\",\"Status\":\"Enabled\",\"Filter\":{\"Prefix\":\"logs/\"},\"Transitions\":[{\"Days\":$LAB_PARAM_LOG_DAYS,\"StorageClass\":\"GLACIER\"}]}]}"
