#!/usr/bin/env bash
# expect: pass
# why: boto3, the table with provisioned capacity, the bucket encrypted too
set -euo pipefail
python3 - <<'PY'
import os
import boto3

bucket, table = os.environ["LAB_PARAM_STATE_BUCKET"], os.environ["LAB_PARAM_LOCK_TABLE"]
s3 = boto3.client("s3")
s3.create_bucket(Bucket=bucket)
s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled", "MFADelete": "Disabled"})
s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={
    "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]})
boto3.client("dynamodb").create_table(
    TableName=table, KeySchema=[{"AttributeName": "LockID", "KeyType": "HASH"}],
    AttributeDefinitions=[{"AttributeName": "LockID", "AttributeType": "S"}],
    ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1})
PY
