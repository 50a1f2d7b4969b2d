#!/usr/bin/env bash
# expect: pass
# why: the aws CLI: AllowEverything deleted, one inline policy with three statements, the secret by its full ARN
set -euo pipefail
u=$LAB_PARAM_SERVICE_USER b=$LAB_PARAM_BUCKET
arn=$(aws secretsmanager describe-secret --secret-id inventory-api/db-password --query ARN --output text)
aws iam delete-user-policy --user-name "$u" --policy-name AllowEverything
cat > /tmp/policy-$u.json <<JSON
{"Version": "2012-10-17", "Statement": [
  {"Sid": "ReadCatalogue", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::$b/catalog/*"},
  {"Sid": "WriteReports", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::$b/reports/*"},
  {"Sid": "DbPassword", "Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "$arn"}
]}
JSON
aws iam put-user-policy --user-name "$u" --policy-name inventory-api --policy-document "file:///tmp/policy-$u.json"
