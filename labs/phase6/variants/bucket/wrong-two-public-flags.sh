#!/usr/bin/env bash
# expect: fail
# why: only the two ACL settings of the public access block, thinking they are "all public access"
# feedback: BlockPublicPolicy
set -euo pipefail
b=$LAB_PARAM_BUCKET
aws s3api create-bucket --bucket "$b" >/dev/null
aws s3api put-bucket-versioning --bucket "$b" --versioning-configuration Status=Enabled
aws s3api put-bucket-encryption --bucket "$b" --server-side-encryption-configuration \
  '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"AES256"}}]}'
aws s3api put-public-access-block --bucket "$b" --public-access-block-configuration \
  BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=false,RestrictPublicBuckets=false
aws s3api put-bucket-lifecycle-configuration --bucket "$b" --lifecycle-configuration \
  "{\"Rules\":[{\"ID\":\"logs\",\"Status\":\"Enabled\",\"Filter\":{\"Prefix\":\"logs/\"},\"Expiration\":{\"Days\":$LAB_PARAM_LOG_DAYS}}]}"
