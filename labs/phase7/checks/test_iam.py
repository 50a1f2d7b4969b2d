"""Task iam: the service's IAM user gets exactly what inventory-api needs, on the emulator.

The checks read every policy that applies to the user (inline, attached, through
groups) from the env's AWS and evaluate them (labctl.grading.iam): the service's three
permissions must be granted, nothing on the list of things it must not do may be,
and no statement may use a wildcard where a narrower value fits.
"""

import re

import pytest

from labctl.grading.iam import allowed, describe, effective_policies, grants, lint

DB_SECRET = "inventory-api/db-password"
ADMIN_SECRET = "inventory-api/admin-token"


def _secret_arn(aws, name):
    try:
        return aws.client("secretsmanager").describe_secret(SecretId=name)["ARN"]
    except aws.client("secretsmanager").exceptions.ResourceNotFoundException:
        pytest.fail(f"the secret {name} no longer exists in the emulator: it is not yours to delete; "
                    "`labctl reset phase7` brings it back")


def _policies(aws, params):
    user = params["service_user"]
    iam = aws.client("iam")
    try:
        iam.get_user(UserName=user)
    except iam.exceptions.NoSuchEntityException:
        pytest.fail(f"the IAM user {user} no longer exists: keep the service's user and change its policies")
    return effective_policies(iam, "user", user)


def _needs(aws, params):
    bucket = params["bucket"]
    return [
        ("s3:GetObject", f"arn:aws:s3:::{bucket}/catalog/items.yaml"),
        ("s3:PutObject", f"arn:aws:s3:::{bucket}/reports/2024-06-01.csv"),
        ("secretsmanager:GetSecretValue", _secret_arn(aws, DB_SECRET)),
    ]


def _must_not(aws, params):
    bucket, user = params["bucket"], params["service_user"]
    account = aws.account_id or "123456789012"
    db, admin = _secret_arn(aws, DB_SECRET), _secret_arn(aws, ADMIN_SECRET)
    return [
        ("s3:PutObject", f"arn:aws:s3:::{bucket}/catalog/items.yaml"),
        ("s3:DeleteObject", f"arn:aws:s3:::{bucket}/catalog/items.yaml"),
        ("s3:DeleteObject", f"arn:aws:s3:::{bucket}/reports/2024-06-01.csv"),
        ("s3:GetObject", f"arn:aws:s3:::{bucket}/reports/2024-06-01.csv"),
        ("s3:GetObject", f"arn:aws:s3:::{bucket}/private/payroll.csv"),
        ("s3:GetObject", f"arn:aws:s3:::{bucket}-archive/catalog/items.yaml"),
        ("s3:PutBucketPolicy", f"arn:aws:s3:::{bucket}"),
        ("s3:DeleteBucket", f"arn:aws:s3:::{bucket}"),
        ("s3:ListAllMyBuckets", "*"),
        ("secretsmanager:GetSecretValue", admin),
        ("secretsmanager:PutSecretValue", db),
        ("secretsmanager:DeleteSecret", db),
        ("iam:CreateAccessKey", f"arn:aws:iam::{account}:user/{user}"),
        ("iam:AttachUserPolicy", f"arn:aws:iam::{account}:user/{user}"),
        ("ec2:RunInstances", "*"),
    ]


def _narrow_patterns(params):
    bucket = re.escape(params["bucket"])
    return [
        rf"arn:aws:s3:::{bucket}/[^*?].*",  # wildcards only in the object key, after a prefix
        rf"arn:aws:secretsmanager:[^:*?]+:[^:*?]+:secret:{re.escape(DB_SECRET)}[-?*]*",  # the random suffix
    ]


def _require_needs(docs, needs, user):
    missing = [n for n in needs if not allowed(docs, *n)]
    assert not missing, (
        f"user {user} cannot do what inventory-api needs: {describe(missing)} is not allowed"
    )


@pytest.mark.points(1)
def test_grants_what_the_service_needs(aws, params):
    user = params["service_user"]
    docs = _policies(aws, params)
    assert not allowed(docs, "iam:CreateUser", "*"), (
        f"user {user} still has full access to the account (the team's AllowEverything policy): replace it"
    )
    _require_needs(docs, _needs(aws, params), user)


@pytest.mark.points(2)
def test_no_wildcards_where_narrower_fits(aws, params):
    user = params["service_user"]
    docs = _policies(aws, params)
    assert any(doc.statements for doc in docs), f"user {user} has no policy at all: it cannot do its job"
    problems = lint(docs, _narrow_patterns(params))
    assert not problems, problems[0] + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else "")
    _require_needs(docs, _needs(aws, params), user)


@pytest.mark.points(2)
def test_nothing_beyond_what_the_service_needs(aws, params):
    user = params["service_user"]
    docs = _policies(aws, params)
    _require_needs(docs, _needs(aws, params), user)
    extra = grants(docs, _must_not(aws, params))
    assert not extra, f"user {user} may do more than inventory-api needs: {describe(extra)}"
