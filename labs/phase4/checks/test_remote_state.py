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


@pytest.mark.points(2)
def test_infra_is_configured_with_that_backend(env, params):
    """What infra/ uses now (terraform init records it in .terraform/terraform.tfstate): a state
    copied to the bucket once, with infra/ back on a local backend, is not remote state."""
    import json

    path = env.workspace / p.INFRA / ".terraform" / "terraform.tfstate"
    try:
        backend = (json.loads(path.read_text(encoding="utf-8")).get("backend") or {})
    except (OSError, ValueError):
        backend = {}
    kind = backend.get("type") or "local"
    assert kind == "s3", (
        f"expected infra/ to use the s3 backend (a backend \"s3\" block, then terraform init); it uses the {kind} "
        "backend, so its state lives in infra/terraform.tfstate"
    )
    config = backend.get("config") or {}
    want = {"bucket": params["state_bucket"], "key": p.state_key(params), "dynamodb_table": params["lock_table"]}
    wrong = [f"{k} is {config.get(k) or 'not set'}" for k, v in want.items() if config.get(k) != v]
    assert not wrong, (
        f"expected infra/'s s3 backend to use bucket {want['bucket']}, key {want['key']} and dynamodb_table "
        f"{want['dynamodb_table']}; its {', '.join(wrong)}"
    )
