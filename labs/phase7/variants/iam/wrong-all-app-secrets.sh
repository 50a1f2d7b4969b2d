#!/usr/bin/env bash
# expect: fail
# why: the secret given as inventory-api/* ("all of the app's secrets"): the admin token comes with it
# feedback: admin-token|wildcard
set -euo pipefail
u=$LAB_PARAM_SERVICE_USER b=$LAB_PARAM_BUCKET
arn=$(aws secretsmanager describe-secret --secret-id inventory-api/db-password --query ARN --output text)
prefix=${arn%%:secret:*}:secret:inventory-api/*
aws iam delete-user-policy --user-name "$u" --policy-name AllowEverything
aws iam put-user-policy --user-name "$u" --policy-name inventory-api --policy-document \
  "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::$b/catalog/*\"},{\"Effect\":\"Allow\",\"Action\":\"s3:PutObject\",\"Resource\":\"arn:aws:s3:::$b/reports/*\"},{\"Effect\":\"Allow\",\"Action\":\"secretsmanager:GetSecretValue\",\"Resource\":\"$prefix\"}]}"
