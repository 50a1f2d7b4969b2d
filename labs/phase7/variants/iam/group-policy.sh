#!/usr/bin/env bash
# expect: pass
# why: the permissions given through a group the user joins (a group policy), AllowEverything deleted
set -euo pipefail
u=$LAB_PARAM_SERVICE_USER b=$LAB_PARAM_BUCKET
arn=$(aws secretsmanager describe-secret --secret-id inventory-api/db-password --query ARN --output text)
aws iam delete-user-policy --user-name "$u" --policy-name AllowEverything
aws iam create-group --group-name inventory-api-services >/dev/null
aws iam put-group-policy --group-name inventory-api-services --policy-name inventory-api --policy-document \
  "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\"],\"Resource\":[\"arn:aws:s3:::$b/catalog/*\"]},{\"Effect\":\"Allow\",\"Action\":[\"s3:PutObject\"],\"Resource\":[\"arn:aws:s3:::$b/reports/*\"]},{\"Effect\":\"Allow\",\"Action\":[\"secretsmanager:GetSecretValue\"],\"Resource\":[\"$arn\"]}]}"
aws iam add-user-to-group --group-name inventory-api-services --user-name "$u"
