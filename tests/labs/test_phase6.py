"""phase6 (AWS on the emulator) graded for real: `labctl test phase6 --variants` (round 0: a fresh env
fails every task and the reference solutions score full; then every variant of labs/phase6/variants/
gets the verdict it declares in its own task). The IAM policy evaluator the checks share with phase7
is unit-tested here too (no AWS needed)."""

from __future__ import annotations

import json
from typing import Any

import pytest


@pytest.mark.terraform
@pytest.mark.slow
def test_every_variant_gets_its_verdict(prove_with_variants: Any,
                                      variant_counts: Any) -> None:
    prove_with_variants("phase6")
    counts: dict[str, Any] = variant_counts("phase6")
    assert all(c["correct"] >= 3 and c["wrong"] >= 4 for c in counts.values()), counts


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

