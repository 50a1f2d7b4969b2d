"""Task state-backend: the state bucket (versioned) and the lock table exist.

Graded on AWS as it is, whatever made them (Terraform in bootstrap/, the aws CLI, boto3).
"""

import pytest


@pytest.mark.points(3)
def test_state_bucket_is_versioned(aws, params):
    bucket = params["state_bucket"]
    s3 = aws.client("s3")
    names = [b["Name"] for b in s3.list_buckets().get("Buckets", [])]
    assert bucket in names, f"expected an S3 bucket named {bucket}; buckets: {', '.join(names) or 'none'}"
    status = s3.get_bucket_versioning(Bucket=bucket).get("Status", "not enabled")
    assert status == "Enabled", (
        f"expected versioning Enabled on {bucket} (it lets you recover an older state); it is {status}"
    )


@pytest.mark.points(2)
def test_lock_table_keyed_by_lock_id(aws, params):
    table = params["lock_table"]
    ddb = aws.client("dynamodb")
    names = ddb.list_tables().get("TableNames", [])
    assert table in names, f"expected a DynamoDB table named {table}; tables: {', '.join(names) or 'none'}"
    desc = ddb.describe_table(TableName=table)["Table"]
    keys = {k["AttributeName"]: k["KeyType"] for k in desc["KeySchema"]}
    types = {a["AttributeName"]: a["AttributeType"] for a in desc["AttributeDefinitions"]}
    assert keys == {"LockID": "HASH"} and types.get("LockID") == "S", (
        f"expected {table} to have the string hash key LockID (Terraform's S3 backend writes its "
        f"locks there); its key schema is: {', '.join(f'{k} ({v}, {types.get(k)})' for k, v in keys.items())}"
    )
