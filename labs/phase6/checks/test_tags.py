"""Task tags: CostCenter and Owner, with this env's values, on everything the learner made.

"Everything" is found, not listed: every bucket; every IAM role, user and
customer-managed policy; in the env's region, every VPC but the default one and, in
those VPCs, every subnet, security group (but each VPC's own `default` group), route
table (but the main one) and internet gateway; and every instance that is not
terminated. The grader's own inventory region is not looked at.
"""

import pytest

SERVICE_ROLE_PATHS = ("/aws-service-role/", "/service-role/aws-")


def _wanted(params):
    return {"CostCenter": str(params["cost_center"]), "Owner": str(params["owner"])}


def _problem(tags, wanted):
    tags = {t["Key"]: t["Value"] for t in tags or []}
    bad = [f"{k}={tags[k]!r}" if k in tags else f"no {k}" for k, v in wanted.items() if tags.get(k) != v]
    return ", ".join(bad)


def _storage_and_iam(aws):
    s3, iam = aws.client("s3"), aws.client("iam")
    found = []
    for bucket in s3.list_buckets().get("Buckets", []):
        name = bucket["Name"]
        try:
            tags = s3.get_bucket_tagging(Bucket=name).get("TagSet", [])
        except s3.exceptions.ClientError as exc:
            if exc.response.get("Error", {}).get("Code") != "NoSuchTagSet":
                raise
            tags = []
        found.append((f"bucket {name}", tags))
    for page in iam.get_paginator("list_roles").paginate():
        for role in page["Roles"]:
            if role.get("Path", "/").startswith(SERVICE_ROLE_PATHS):
                continue
            found.append((f"role {role['RoleName']}", iam.list_role_tags(RoleName=role["RoleName"]).get("Tags", [])))
    for page in iam.get_paginator("list_users").paginate():
        for user in page["Users"]:
            found.append((f"user {user['UserName']}", iam.list_user_tags(UserName=user["UserName"]).get("Tags", [])))
    for page in iam.get_paginator("list_policies").paginate(Scope="Local"):
        for pol in page["Policies"]:
            found.append((f"policy {pol['PolicyName']}", iam.list_policy_tags(PolicyArn=pol["Arn"]).get("Tags", [])))
    return found


def _network(aws):
    ec2 = aws.client("ec2")
    found = []
    vpcs = [v for v in ec2.describe_vpcs()["Vpcs"] if not v.get("IsDefault")]
    ids = [v["VpcId"] for v in vpcs]
    found += [(f"VPC {v['VpcId']}", v.get("Tags")) for v in vpcs]
    if ids:
        vpc_filter = [{"Name": "vpc-id", "Values": ids}]
        found += [(f"subnet {s['SubnetId']}", s.get("Tags")) for s in ec2.describe_subnets(Filters=vpc_filter)["Subnets"]]
        found += [(f"security group {g['GroupId']} ({g['GroupName']})", g.get("Tags"))
                  for g in ec2.describe_security_groups(Filters=vpc_filter)["SecurityGroups"] if g["GroupName"] != "default"]
        found += [(f"route table {r['RouteTableId']}", r.get("Tags"))
                  for r in ec2.describe_route_tables(Filters=vpc_filter)["RouteTables"]
                  if not any(a.get("Main") for a in r.get("Associations", []))]
        found += [(f"internet gateway {g['InternetGatewayId']}", g.get("Tags"))
                  for g in ec2.describe_internet_gateways(Filters=[{"Name": "attachment.vpc-id", "Values": ids}])["InternetGateways"]]
    for page in ec2.get_paginator("describe_instances").paginate():
        for reservation in page["Reservations"]:
            for inst in reservation["Instances"]:
                if inst["State"]["Name"] not in ("terminated", "shutting-down"):
                    found.append((f"instance {inst['InstanceId']}", inst.get("Tags")))
    return found


def _assert_tagged(found, params, what):
    assert found, f"you have not created any {what} yet: the tags go on the resources of the other tasks"
    wanted = _wanted(params)
    untagged = [(name, _problem(tags, wanted)) for name, tags in found if _problem(tags, wanted)]
    want = ", ".join(f"{k}={v}" for k, v in wanted.items())
    assert not untagged, (
        f"{len(untagged)} of your {len(found)} {what} lack the cost-allocation tags {want}: "
        + "; ".join(f"{name} ({why})" for name, why in untagged[:3])
        + (" ..." if len(untagged) > 3 else "")
    )


@pytest.mark.points(1)
def test_storage_and_iam_tagged(aws, params):
    _assert_tagged(_storage_and_iam(aws), params, "buckets and IAM resources")


@pytest.mark.points(1)
def test_network_and_compute_tagged(aws, params):
    _assert_tagged(_network(aws), params, "VPC and EC2 resources")
