#!/usr/bin/env bash
# expect: pass
# why: boto3, a customer-managed policy attached to the user, the secret matched by its documented six-character suffix pattern, an explicit Deny of deletes
set -euo pipefail
python3 - <<'PY'
import json
import os
import boto3

iam = boto3.client("iam")
user, bucket = os.environ["LAB_PARAM_SERVICE_USER"], os.environ["LAB_PARAM_BUCKET"]
arn = boto3.client("secretsmanager").describe_secret(SecretId="inventory-api/db-password")["ARN"]
for name in iam.list_user_policies(UserName=user)["PolicyNames"]:
    iam.delete_user_policy(UserName=user, PolicyName=name)
doc = {"Version": "2012-10-17", "Statement": [
    {"Sid": "Catalogue", "Effect": "Allow", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/catalog/*"},
    {"Sid": "Reports", "Effect": "Allow", "Action": ["s3:PutObject"], "Resource": [f"arn:aws:s3:::{bucket}/reports/*"]},
    {"Sid": "DbPassword", "Effect": "Allow", "Action": "secretsmanager:GetSecretValue",
     "Resource": arn.rsplit("-", 1)[0] + "-??????"},
    {"Sid": "NeverDelete", "Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"},
]}
policy = iam.create_policy(PolicyName=f"{user}-least-privilege", PolicyDocument=json.dumps(doc))["Policy"]["Arn"]
iam.attach_user_policy(UserName=user, PolicyArn=policy)
PY
