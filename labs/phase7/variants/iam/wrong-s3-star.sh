#!/usr/bin/env bash
# expect: fail
# why: s3:* on the bucket's objects "to keep it simple": the service can do its job, and delete everything
# feedback: "s3:\*"
# feedback: s3:DeleteObject
set -euo pipefail
u=$LAB_PARAM_SERVICE_USER b=$LAB_PARAM_BUCKET
arn=$(aws secretsmanager describe-secret --secret-id inventory-api/db-password --query ARN --output text)
aws iam delete-user-policy --user-name "$u" --policy-name AllowEverything
aws iam put-user-policy --user-name "$u" --policy-name inventory-api --policy-document \
  "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::$b/*\"},{\"Effect\":\"Allow\",\"Action\":\"secretsmanager:GetSecretValue\",\"Resource\":\"$arn\"}]}"
