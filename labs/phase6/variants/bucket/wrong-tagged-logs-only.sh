#!/usr/bin/env bash
# expect: fail
# why: the logs rule also filters on a tag, so untagged objects under logs/ never expire
# feedback: only some of the objects under logs/
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
    "ID": "logs", "Status": "Enabled",
    "Filter": {"And": {"Prefix": "logs/", "Tags": [{"Key": "retention", "Value": "short"}]}},
    "Expiration": {"Days": days}}]})
PY
