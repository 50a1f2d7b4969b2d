#!/usr/bin/env bash
# expect: fail
# why: turned versioning on, then off again to save storage: it ends up Suspended
# feedback: Suspended
set -euo pipefail
python3 - <<'PY'
import os
import boto3

s3 = boto3.client("s3")
b, days = os.environ["LAB_PARAM_BUCKET"], int(os.environ["LAB_PARAM_LOG_DAYS"])
s3.create_bucket(Bucket=b)
s3.put_bucket_versioning(Bucket=b, VersioningConfiguration={"Status": "Enabled"})
s3.put_bucket_versioning(Bucket=b, VersioningConfiguration={"Status": "Suspended"})
s3.put_bucket_encryption(Bucket=b, ServerSideEncryptionConfiguration={
    "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]})
s3.put_public_access_block(Bucket=b, PublicAccessBlockConfiguration={
    "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
s3.put_bucket_lifecycle_configuration(Bucket=b, LifecycleConfiguration={"Rules": [{
    "ID": "logs", "Status": "Enabled", "Filter": {"Prefix": "logs/"}, "Expiration": {"Days": days}}]})
PY
