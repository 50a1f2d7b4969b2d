"""Task remote-state: infra/'s state lives in the bucket, and the backend uses the lock table."""

import phase4_infra as p
import pytest


@pytest.mark.points(3)
def test_state_is_in_the_bucket(aws, params):
    state = p.state_object(aws, params)
    vpc = p.find_vpc(aws, params)
    ids = {inst.get("attributes", {}).get("id")
           for res in state.get("resources", []) for inst in res.get("instances", [])}
    assert vpc["VpcId"] in ids, (
        f"expected the state at s3://{params['state_bucket']}/{p.state_key(params)} to manage the VPC "
        f"{vpc['VpcId']}; it manages {len(ids)} resources, not that one (migrate the state with "
        "terraform init -migrate-state)"
    )


@pytest.mark.points(2)
def test_backend_uses_the_lock_table(aws, params):
    table, bucket, key = params["lock_table"], params["state_bucket"], p.state_key(params)
    ddb = aws.client("dynamodb")
    try:
        items = ddb.scan(TableName=table).get("Items", [])
    except ddb.exceptions.ResourceNotFoundException:
        raise AssertionError(f"the lock table {table} does not exist (task state-backend)") from None
    ids = [i.get("LockID", {}).get("S", "") for i in items]
    assert f"{bucket}/{key}" in {i.removesuffix("-md5") for i in ids}, (
        f"expected Terraform's entry for {bucket}/{key} in the lock table {table} (the backend "
        f"writes it when dynamodb_table is set); the table holds: {', '.join(ids) or 'nothing'}"
    )
