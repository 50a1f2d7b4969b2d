#!/usr/bin/env bash
# expect: fail
# why: a logs rule with the right days, plus a whole-bucket rule that expires everything (logs too) after a week
# feedback: after 7 days
set -euo pipefail
b=$LAB_PARAM_BUCKET
aws s3api create-bucket --bucket "$b" >/dev/null
aws s3api put-bucket-versioning --bucket "$b" --versioning-configuration Status=Enabled
aws s3api put-bucket-encryption --bucket "$b" --server-side-encryption-configuration \
  '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"AES256"}}]}'
aws s3api put-public-access-block --bucket "$b" --public-access-block-configuration \
  BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true
aws s3api put-bucket-lifecycle-configuration --bucket "$b" --lifecycle-configuration \
  "{\"Rules\":[{\"ID\":\"logs\",\"Status\":\"Enabled\",\"Filter\":{\"Prefix\":\"logs/\"},\"Expiration\":{\"Days\":$LAB_PARAM_LOG_DAYS}},
    {\"ID\":\"tmp\",\"Status\":\"Enabled\",\"Filter\":{\"Prefix\":\"\"},\"Expiration\":{\"Days\":7}}]}"
