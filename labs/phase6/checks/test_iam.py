"""Task iam: a role EC2 may assume, allowed exactly what the web app does with its bucket.

Every policy that applies to the role (inline and attached) is read from the env's AWS
and evaluated by labctl.grading.iam: the app's permissions must be granted, nothing on the
list of things it must not do may be, and no Allow may use a wildcard where a narrower
value fits (a wildcard in the object key after `arn:aws:s3:::BUCKET/` is fine).
"""

import json
import re
import urllib.parse

import pytest

from labctl.grading.iam import allowed, describe, effective_policies, grants, lint

EC2 = "ec2.amazonaws.com"


def _role(aws, params):
    iam = aws.client("iam")
    name = params["role_name"]
    try:
        return iam, iam.get_role(RoleName=name)["Role"]
    except iam.exceptions.NoSuchEntityException:
        users = [u["UserName"] for u in iam.list_users().get("Users", [])]
        also = f" (there is a user {name}: the web servers need a role)" if name in users else ""
        pytest.fail(f"there is no IAM role named {name}{also}")


def _needs(params):
    bucket = params["bucket"]
    return [
        ("s3:ListBucket", f"arn:aws:s3:::{bucket}"),
        ("s3:GetObject", f"arn:aws:s3:::{bucket}/uploads/photo.jpg"),
        ("s3:PutObject", f"arn:aws:s3:::{bucket}/uploads/photo.jpg"),
    ]


def _must_not(aws, params):
    bucket = params["bucket"]
    account = aws.account_id or "123456789012"
    return [
        ("s3:DeleteObject", f"arn:aws:s3:::{bucket}/uploads/photo.jpg"),
        ("s3:DeleteBucket", f"arn:aws:s3:::{bucket}"),
        ("s3:PutBucketPolicy", f"arn:aws:s3:::{bucket}"),
        ("s3:PutBucketPublicAccessBlock", f"arn:aws:s3:::{bucket}"),
        ("s3:GetObject", f"arn:aws:s3:::{bucket}-backup/uploads/photo.jpg"),
        ("s3:ListBucket", "arn:aws:s3:::another-teams-bucket"),
        ("s3:ListAllMyBuckets", "*"),
        ("iam:PassRole", f"arn:aws:iam::{account}:role/{params['role_name']}"),
        ("iam:CreateUser", f"arn:aws:iam::{account}:user/intruder"),
        ("ec2:TerminateInstances", f"arn:aws:ec2:us-east-1:{account}:instance/i-0123456789abcdef0"),
    ]


def _narrow(params):
    return [rf"arn:aws:s3:::{re.escape(params['bucket'])}/.*"]


def _require_needs(docs, params):
    missing = [n for n in _needs(params) if not allowed(docs, *n)]
    assert not missing, f"role {params['role_name']} cannot do what the web app does: {describe(missing)} is not allowed"


@pytest.mark.points(1)
def test_role_trusts_ec2_only(aws, params):
    _, role = _role(aws, params)
    trust = role.get("AssumeRolePolicyDocument") or {}
    if isinstance(trust, str):
        trust = json.loads(urllib.parse.unquote(trust))
    principals = []
    ec2_may_assume = False
    for stmt in trust.get("Statement", []):
        if not isinstance(stmt, dict) or stmt.get("Effect") != "Allow":
            continue
        principal = stmt.get("Principal")
        if principal == "*" or not isinstance(principal, dict):
            principals.append(str(principal))
            continue
        for kind, values in principal.items():
            for value in values if isinstance(values, list) else [values]:
                principals.append(f"{kind} {value}")
                actions = stmt.get("Action", [])
                actions = actions if isinstance(actions, list) else [actions]
                if kind == "Service" and value == EC2 and any(a in ("sts:AssumeRole", "sts:*") for a in actions):
                    ec2_may_assume = True
    assert ec2_may_assume, (
        f"role {params['role_name']}'s trust policy should let the EC2 service ({EC2}) assume it "
        f"(sts:AssumeRole); it trusts: {', '.join(principals) or 'nobody'}"
    )
    others = [p for p in principals if p != f"Service {EC2}"]
    assert not others, f"role {params['role_name']} may also be assumed by {', '.join(others)}: trust only {EC2}"


@pytest.mark.points(1)
def test_grants_what_the_app_needs(aws, params):
    iam, _ = _role(aws, params)
    docs = effective_policies(iam, "role", params["role_name"])
    assert not allowed(docs, "iam:CreateUser", "*"), f"role {params['role_name']} has full access to the account"
    _require_needs(docs, params)


@pytest.mark.points(2)
def test_no_wildcards_where_narrower_fits(aws, params):
    iam, _ = _role(aws, params)
    docs = effective_policies(iam, "role", params["role_name"])
    assert any(d.statements for d in docs), f"role {params['role_name']} has no permission policy: it can do nothing"
    problems = lint(docs, _narrow(params))
    assert not problems, problems[0] + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else "")
    _require_needs(docs, params)


@pytest.mark.points(2)
def test_nothing_beyond_what_the_app_needs(aws, params):
    iam, _ = _role(aws, params)
    docs = effective_policies(iam, "role", params["role_name"])
    _require_needs(docs, params)
    extra = grants(docs, _must_not(aws, params))
    assert not extra, f"role {params['role_name']} may do more than the web app needs: {describe(extra)}"
