#!/usr/bin/env bash
# expect: fail
# why: exactly the three actions, on Resource "*"
# feedback: Resource "\*"
set -euo pipefail
u=$LAB_PARAM_SERVICE_USER
aws iam delete-user-policy --user-name "$u" --policy-name AllowEverything
aws iam put-user-policy --user-name "$u" --policy-name inventory-api --policy-document \
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject","secretsmanager:GetSecretValue"],"Resource":"*"}]}'
