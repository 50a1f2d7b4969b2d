#!/usr/bin/env bash
# expect: pass
# why: the aws CLI, SSE-KMS instead of AES256, and a second rule that cleans up old versions
set -euo pipefail
b=$LAB_PARAM_BUCKET
aws s3api create-bucket --bucket "$b" >/dev/null
aws s3api put-bucket-versioning --bucket "$b" --versioning-configuration Status=Enabled
aws s3api put-bucket-encryption --bucket "$b" --server-side-encryption-configuration \
  '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms"},"BucketKeyEnabled":true}]}'
aws s3api put-public-access-block --bucket "$b" --public-access-block-configuration \
  BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true
cat > /tmp/lifecycle-$b.json <<JSON
{"Rules": [
  {"ID": "expire-logs", "Status": "Enabled", "Filter": {"Prefix": "logs/"},
   "Expiration": {"Days": $LAB_PARAM_LOG_DAYS}},
  {"ID": "old-versions", "Status": "Enabled", "Filter": {},
   "NoncurrentVersionExpiration": {"NoncurrentDays": 90}}
]}
JSON
aws s3api put-bucket-lifecycle-configuration --bucket "$b" --lifecycle-configuration "file:///tmp/lifecycle-$b.json"
