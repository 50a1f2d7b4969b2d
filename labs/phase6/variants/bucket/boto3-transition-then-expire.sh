#!/usr/bin/env bash
# expect: pass
# why: boto3; the logs rule first moves objects to Glacier after a week, then expires them after the given days
set -euo pipefail
python3 - <<'PY'
import os
import boto3

s3 = boto3.client("s3")
b, days = os.environ["LAB_PARAM_BUCKET"], int(os.environ["LAB_PARAM_LOG_DAYS"])
s3.create_bucket(Bucket=b)
s3.put_bucket_versioning(Bucket=b, VersioningConfiguration={"Status": "Enabled"})
s3.put_bucket_encryption(Bucket=b, ServerSideEncryptionConfiguration={
    "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]})
s3.put_public_access_block(Bucket=b, PublicAccessBlockConfiguration={
    "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
s3.put_bucket_lifecycle_configuration(Bucket=b, LifecycleConfiguration={"Rules": [{
    "ID": "logs", "Status": "Enabled", "Filter": {"Prefix": "logs/"},
    "Transitions": [{"Days": 7, "StorageClass": "GLACIER"}],
    "Expiration": {"Days": days},
}]})
PY
