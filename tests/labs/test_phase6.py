"""The phase6 lab (AWS on the emulator) graded for real, in one env:

1. what `labctl test phase6` proves: the fresh env fails every check; the reference
   solutions (Terraform) score full marks;
2. plausible wrong solutions lose the related points, with the message a learner needs;
3. an alternative correct solution of every task, with boto3 instead of Terraform (and an
   inventory script in another style), scores full marks.

Between 1 and 2 the env is reset (a fresh, empty emulator: `up` takes seconds here, no
images). The IAM policy evaluator the checks share with phase7 is unit-tested at the end.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from labctl.testing import GradeReport, LabEnv

REPO = Path(__file__).resolve().parents[2]
CHECK_TIMEOUT = 240  # generous: CI machines are shared; the lab's own budget is 60 s


@pytest.fixture(scope="module")
def lab() -> Iterator[LabEnv]:
    with LabEnv("phase6") as env:
        yield env


def grade(lab: LabEnv, task: str | None = None) -> GradeReport:
    return lab.grade(task=task, check_timeout=CHECK_TIMEOUT)


def failed(report: GradeReport, task: str) -> dict[str, str]:
    return {c.name: c.message for c in report.task(task).checks if not c.passed}


def session(lab: LabEnv) -> Any:
    from labctl.aws.modes import AwsConnection

    conn = AwsConnection.from_data(lab.record.data.aws)
    assert conn is not None
    return conn.session()


# -- 1. what `labctl test` proves ---------------------------------------------------


@pytest.mark.terraform
@pytest.mark.slow
def test_fresh_env_fails_every_check(lab: LabEnv) -> None:
    report = grade(lab)
    passing = [f"{t.id}::{c.name}" for t in report.tasks for c in t.checks if c.passed]
    assert not passing, f"no check may pass on an untouched env; these did: {passing}"


@pytest.mark.terraform
@pytest.mark.slow
def test_reference_solutions_score_full_marks(lab: LabEnv) -> None:
    lab.solve()
    lab.solve("inventory")  # solutions must be idempotent
    report = grade(lab)
    problems = {t.id: failed(report, t.id) for t in report.tasks if not t.passed}
    assert report.score == report.max_score, problems
    lab.reset()  # an empty emulator for what follows


# -- helpers: building with boto3 ---------------------------------------------------


def make_bucket(lab: LabEnv, *, public_block: bool = True, log_days: int | None = None, tags: bool = True) -> None:
    s3 = session(lab).client("s3")
    p = lab.params
    bucket = p["bucket"]
    s3.create_bucket(Bucket=bucket)
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={
        "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}}]})
    if public_block:
        s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration={
            "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True})
    s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": [
        {"ID": "old-versions", "Status": "Enabled", "Filter": {},
         "NoncurrentVersionExpiration": {"NoncurrentDays": 30}},
        {"ID": "logs", "Status": "Enabled", "Filter": {"And": {"Prefix": "logs/", "Tags": [{"Key": "kind", "Value": "log"}]}},
         "Expiration": {"Days": p["log_days"] if log_days is None else log_days}},
        {"ID": "logs-all", "Status": "Enabled", "Filter": {"Prefix": "logs/"},
         "Expiration": {"Days": p["log_days"] if log_days is None else log_days}},
    ]})
    if tags:
        s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": cost_tags(lab)})


def cost_tags(lab: LabEnv) -> list[dict[str, str]]:
    return [{"Key": "CostCenter", "Value": str(lab.params["cost_center"])},
            {"Key": "Owner", "Value": lab.params["owner"]}]


TRUST_EC2 = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}


def make_role(lab: LabEnv, statements: list[dict[str, Any]], *, trust: dict[str, Any] = TRUST_EC2,
              managed: bool = False) -> None:
    iam = session(lab).client("iam")
    name = lab.params["role_name"]
    try:
        for pol in iam.list_role_policies(RoleName=name)["PolicyNames"]:
            iam.delete_role_policy(RoleName=name, PolicyName=pol)
        for pol in iam.list_attached_role_policies(RoleName=name)["AttachedPolicies"]:
            iam.detach_role_policy(RoleName=name, PolicyArn=pol["PolicyArn"])
        iam.update_assume_role_policy(RoleName=name, PolicyDocument=json.dumps(trust))
    except iam.exceptions.NoSuchEntityException:
        iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust), Tags=cost_tags(lab))
    doc = json.dumps({"Version": "2012-10-17", "Statement": statements})
    if managed:
        arn = iam.create_policy(PolicyName=f"{name}-{abs(hash(doc)) % 10**8}", PolicyDocument=doc,
                                Tags=cost_tags(lab))["Policy"]["Arn"]
        iam.attach_role_policy(RoleName=name, PolicyArn=arn)
    else:
        iam.put_role_policy(RoleName=name, PolicyName="app", PolicyDocument=doc)


def make_network(lab: LabEnv, *, ssh_from: str | None = None, tag_groups: bool = True,
                 itype: str | None = None) -> dict[str, str]:
    ec2 = session(lab).client("ec2")
    p = lab.params
    tags = cost_tags(lab)

    def spec(kind: str, extra: list[dict[str, str]] | None = None) -> list[dict[str, Any]]:
        return [{"ResourceType": kind, "Tags": tags + (extra or [])}]

    vpc = ec2.create_vpc(CidrBlock=f"10.{p['vpc_octet']}.0.0/16", TagSpecifications=spec("vpc"))["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.{p['vpc_octet']}.8.0/22",
                               TagSpecifications=spec("subnet"))["Subnet"]["SubnetId"]
    web = ec2.create_security_group(GroupName="web", Description="https", VpcId=vpc,
                                    TagSpecifications=spec("security-group") if tag_groups else [])["GroupId"]
    admin = ec2.create_security_group(GroupName="admin-ssh", Description="ssh", VpcId=vpc,
                                      TagSpecifications=spec("security-group") if tag_groups else [])["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=web, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
         "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "Ipv6Ranges": [{"CidrIpv6": "::/0"}]}])
    ec2.authorize_security_group_ingress(GroupId=admin, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
         "IpRanges": [{"CidrIp": ssh_from or f"198.51.100.{p['admin_octet']}/32"}]}])
    inst = ec2.run_instances(
        ImageId="ami-04681a1dbd79675a5", MinCount=1, MaxCount=1, InstanceType=itype or p["instance_type"],
        SubnetId=subnet, SecurityGroupIds=[web, admin],
        TagSpecifications=spec("instance", [{"Key": "Name", "Value": p["instance_name"]},
                                            {"Key": p["inventory_tag_key"], "Value": p["inventory_tag_value"]}]),
    )["Instances"][0]["InstanceId"]
    return {"vpc": vpc, "subnet": subnet, "web": web, "admin": admin, "instance": inst}


def write_inventory(lab: LabEnv, body: str) -> None:
    (lab.workspace / "inventory.py").write_text(textwrap.dedent(body))


# -- 2. wrong solutions --------------------------------------------------------------


@pytest.mark.terraform
@pytest.mark.slow
def test_wrong_bucket_role_network_and_tags(lab: LabEnv) -> None:
    # bucket: no public access block, and logs kept for the wrong number of days
    make_bucket(lab, public_block=False, log_days=int(lab.params["log_days"]) + 1)
    # role: the right shape, with s3:* on the bucket's objects
    bucket = lab.params["bucket"]
    make_role(lab, [
        {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": f"arn:aws:s3:::{bucket}"},
        {"Effect": "Allow", "Action": "s3:*", "Resource": f"arn:aws:s3:::{bucket}/*"},
    ])
    # network: SSH open to the world, one security group left untagged
    make_network(lab, ssh_from="0.0.0.0/0", tag_groups=False)
    report = grade(lab)

    wrong = failed(report, "bucket")
    assert set(wrong) == {"test_public_access_blocked", "test_lifecycle_expires_logs"}, wrong
    assert "no public access block" in wrong["test_public_access_blocked"]
    assert f"after {lab.params['log_days']} days" in wrong["test_lifecycle_expires_logs"]

    wrong = failed(report, "iam")
    assert set(wrong) == {"test_no_wildcards_where_narrower_fits", "test_nothing_beyond_what_the_app_needs"}, wrong
    assert '"s3:*"' in wrong["test_no_wildcards_where_narrower_fits"]
    assert "s3:DeleteObject" in wrong["test_nothing_beyond_what_the_app_needs"]

    wrong = failed(report, "network")
    assert set(wrong) == {"test_security_group_rules"}, wrong
    assert "tcp 22 from 0.0.0.0/0" in wrong["test_security_group_rules"]

    wrong = failed(report, "tags")
    assert set(wrong) == {"test_network_and_compute_tagged"}, wrong
    assert "security group" in wrong["test_network_and_compute_tagged"]
    assert "no CostCenter" in wrong["test_network_and_compute_tagged"]

    # more wrong roles: the exact actions on Resource "*"; then a trust policy open to anyone
    make_role(lab, [{"Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject", "s3:PutObject"], "Resource": "*"}])
    wrong = failed(grade(lab, "iam"), "iam")
    assert set(wrong) == {"test_no_wildcards_where_narrower_fits", "test_nothing_beyond_what_the_app_needs"}, wrong
    assert 'Resource "*"' in wrong["test_no_wildcards_where_narrower_fits"]
    make_role(lab, [
        {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": f"arn:aws:s3:::{bucket}"},
        {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": f"arn:aws:s3:::{bucket}/*"},
    ], trust={"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"},
        {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]})
    wrong = failed(grade(lab, "iam"), "iam")
    assert set(wrong) == {"test_role_trusts_ec2_only"}, wrong
    assert "AWS *" in wrong["test_role_trusts_ec2_only"]


WRONG_INVENTORIES = {
    # the first reservation only, and terminated instances kept
    "first-reservation": """\
        import json, sys, boto3
        key, value = sys.argv[1:] or ["{k}", "{v}"]
        res = boto3.client("ec2").describe_instances(Filters=[{{"Name": "tag:" + key, "Values": [value]}}])
        out = [{{"id": i["InstanceId"], "name": None, "type": i["InstanceType"], "state": i["State"]["Name"],
                 "private_ip": i.get("PrivateIpAddress")}} for i in res["Reservations"][0]["Instances"]]
        print(json.dumps(out))
        """,
    # every reservation, but terminated instances are listed too
    "with-terminated": """\
        import json, boto3
        out = []
        for r in boto3.client("ec2").describe_instances(Filters=[{{"Name": "tag:{k}", "Values": ["{v}"]}}])["Reservations"]:
            for i in r["Instances"]:
                tags = {{t["Key"]: t["Value"] for t in i.get("Tags", [])}}
                out.append({{"id": i["InstanceId"], "name": tags.get("Name"), "type": i["InstanceType"],
                            "state": i["State"]["Name"], "private_ip": i.get("PrivateIpAddress")}})
        print(json.dumps(out))
        """,
    # a hard-coded region: it lists the learner's own instance, never the grader's fleet
    "hard-coded-region": """\
        import json, boto3
        ec2 = boto3.client("ec2", region_name="us-east-1")
        out = []
        for r in ec2.describe_instances(Filters=[{{"Name": "tag:{k}", "Values": ["{v}"]}}])["Reservations"]:
            for i in r["Instances"]:
                if i["State"]["Name"] != "terminated":
                    out.append({{"id": i["InstanceId"], "name": None, "type": i["InstanceType"],
                                "state": i["State"]["Name"], "private_ip": i.get("PrivateIpAddress")}})
        print(json.dumps(out))
        """,
}


@pytest.mark.terraform
@pytest.mark.slow
def test_wrong_inventory_scripts(lab: LabEnv) -> None:
    key, value = lab.params["inventory_tag_key"], lab.params["inventory_tag_value"]
    messages = {}
    for name, body in WRONG_INVENTORIES.items():
        write_inventory(lab, body.format(k=key, v=value))
        task = grade(lab, "inventory").task("inventory")
        assert task.score == 0, (name, task.checks)
        messages[name] = next(c.message for c in task.checks if c.name == "test_lists_exactly_the_tagged_instances")
    # (which way it is wrong depends on what reservation comes first: an earlier grading run's is terminated)
    assert "missed" in messages["first-reservation"] or "should not be there" in messages["first-reservation"], messages
    assert "should not be there" in messages["with-terminated"], messages
    assert "hard-coding" in messages["hard-coded-region"], messages
    # right instances, wrong details: the Name tag ignored (always null)
    write_inventory(lab, WRONG_INVENTORIES["with-terminated"].format(k=key, v=value).replace(
        'out.append(', 'i["State"]["Name"] != "terminated" and out.append(').replace(
        'tags.get("Name")', 'None'))
    task = grade(lab, "inventory").task("inventory")
    assert [c.name for c in task.checks if not c.passed] == ["test_reports_each_instance"], task.checks
    assert 0 < task.score < task.max_score


# -- 3. an alternative correct solution: boto3 for everything -----------------------


@pytest.mark.terraform
@pytest.mark.slow
def test_alternative_correct_solution_scores_full_marks(lab: LabEnv) -> None:
    lab.reset()
    bucket = lab.params["bucket"]
    make_bucket(lab)
    make_role(lab, [
        {"Sid": "List", "Effect": "Allow", "Action": ["s3:ListBucket"], "Resource": [f"arn:aws:s3:::{bucket}"]},
        {"Sid": "Objects", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
         "Resource": [f"arn:aws:s3:::{bucket}/uploads/*", f"arn:aws:s3:::{bucket}/*"]},
        {"Sid": "NoDeletes", "Effect": "Deny", "Action": "s3:Delete*", "Resource": "*"},
    ], managed=True)
    make_network(lab)
    key, value = lab.params["inventory_tag_key"], lab.params["inventory_tag_value"]
    write_inventory(lab, f"""\
        #!/usr/bin/env python3
        import json
        import boto3

        ec2 = boto3.resource("ec2")
        rows = []
        for inst in ec2.instances.filter(Filters=[{{"Name": "tag:{key}", "Values": ["{value}"]}},
                                                  {{"Name": "instance-state-name",
                                                    "Values": ["pending", "running", "stopping", "stopped"]}}]):
            name = next((t["Value"] for t in inst.tags or [] if t["Key"] == "Name"), None)
            rows.append(dict(id=inst.id, name=name, type=inst.instance_type, state=inst.state["Name"],
                             private_ip=inst.private_ip_address, az=inst.placement["AvailabilityZone"]))
        print(json.dumps(rows))
        """)
    report = grade(lab)
    problems = {t.id: failed(report, t.id) for t in report.tasks if not t.passed}
    assert report.score == report.max_score, problems


# -- the policy evaluator (no AWS needed) ---------------------------------------------


def test_policy_evaluation_and_lint() -> None:
    from labctl.grading import iam as pol

    b = "arn:aws:s3:::assets"
    docs = [pol.parse({"Statement": [
        {"Effect": "Allow", "Action": ["S3:getobject", "s3:PutObject"], "Resource": f"{b}/*"},
        {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": b},
        {"Effect": "Deny", "Action": "s3:PutObject", "Resource": f"{b}/locked/*"},
        {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
    ]}, "doc")]
    assert pol.allowed(docs, "s3:GetObject", f"{b}/x/y.txt")  # actions are case-insensitive
    assert pol.allowed(docs, "s3:PutObject", f"{b}/a")
    assert not pol.allowed(docs, "s3:PutObject", f"{b}/locked/a")  # explicit deny wins
    assert not pol.allowed(docs, "s3:GetObject", "arn:aws:s3:::assets-backup/x")  # `assets/*` is not `assets-backup`
    assert not pol.allowed(docs, "s3:ListBucket", f"{b}/x")
    assert pol.lint(docs, [r"arn:aws:s3:::assets/.*"]) == []

    broad = [pol.parse(json.dumps({"Statement": [
        {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"},
        {"Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::assets*"},
    ]}), "broad")]
    assert pol.allowed(broad, "ec2:RunInstances", "*")
    assert not pol.allowed(broad, "iam:CreateUser", "*")
    problems = pol.lint(broad, [r"arn:aws:s3:::assets/.*"])
    assert any("NotAction" in p for p in problems)
    assert any('"s3:Get*"' in p for p in problems)
    assert any('"arn:aws:s3:::assets*"' in p for p in problems)
    assert any('Resource "*"' in p for p in problems)
    # IAM returns documents URL-encoded on some paths
    encoded = pol.parse("%7B%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22s3%3AGetObject"
                        "%22%2C%22Resource%22%3A%22arn%3Aaws%3As3%3A%3A%3Aassets%2F%2A%22%7D%5D%7D", "enc")
    assert pol.allowed([encoded], "s3:GetObject", f"{b}/k")

