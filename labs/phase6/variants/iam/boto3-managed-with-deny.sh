#!/usr/bin/env bash
# expect: pass
# why: boto3, a customer-managed policy attached to the role, one statement per action and an explicit Deny of deletes
set -euo pipefail
python3 - <<'PY'
import json
import os
import boto3

iam = boto3.client("iam")
role, bucket = os.environ["LAB_PARAM_ROLE_NAME"], os.environ["LAB_PARAM_BUCKET"]
trust = {"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Service": ["ec2.amazonaws.com"]}, "Action": ["sts:AssumeRole"]}]}
iam.create_role(RoleName=role, AssumeRolePolicyDocument=json.dumps(trust), Description="web servers")
doc = {"Version": "2012-10-17", "Statement": [
    {"Sid": "ListAssets", "Effect": "Allow", "Action": ["s3:ListBucket"], "Resource": [f"arn:aws:s3:::{bucket}"]},
    {"Sid": "ReadAssets", "Effect": "Allow", "Action": ["s3:GetObject"], "Resource": [f"arn:aws:s3:::{bucket}/*"]},
    {"Sid": "WriteAssets", "Effect": "Allow", "Action": ["s3:PutObject"], "Resource": [f"arn:aws:s3:::{bucket}/*"]},
    {"Sid": "NeverDelete", "Effect": "Deny", "Action": "s3:Delete*", "Resource": "*"},
]}
arn = iam.create_policy(PolicyName=f"{role}-assets", PolicyDocument=json.dumps(doc))["Policy"]["Arn"]
iam.attach_role_policy(RoleName=role, PolicyArn=arn)
PY
