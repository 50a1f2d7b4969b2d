#!/usr/bin/env bash
# expect: fail
# why: the three right actions, but on Resource "*": every bucket of the account
# feedback: Resource "\*"
set -euo pipefail
r=$LAB_PARAM_ROLE_NAME
aws iam create-role --role-name "$r" --assume-role-policy-document \
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}' >/dev/null
aws iam put-role-policy --role-name "$r" --policy-name app --policy-document \
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:ListBucket","s3:GetObject","s3:PutObject"],"Resource":"*"}]}'
