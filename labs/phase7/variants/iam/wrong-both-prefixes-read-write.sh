#!/usr/bin/env bash
# expect: fail
# why: read and write on both prefixes in one statement ("the service uses catalog/ and reports/")
# feedback: catalog/items.yaml
set -euo pipefail
u=$LAB_PARAM_SERVICE_USER b=$LAB_PARAM_BUCKET
arn=$(aws secretsmanager describe-secret --secret-id inventory-api/db-password --query ARN --output text)
aws iam delete-user-policy --user-name "$u" --policy-name AllowEverything
aws iam put-user-policy --user-name "$u" --policy-name inventory-api --policy-document \
  "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\",\"s3:PutObject\"],\"Resource\":[\"arn:aws:s3:::$b/catalog/*\",\"arn:aws:s3:::$b/reports/*\"]},{\"Effect\":\"Allow\",\"Action\":\"secretsmanager:GetSecretValue\",\"Resource\":\"$arn\"}]}"
