#!/usr/bin/env bash
# expect: fail
# why: AWS's managed AmazonS3ReadOnlyAccess for reading plus an inline PutObject: reads every bucket of the account
# feedback: AmazonS3ReadOnlyAccess|s3:Get\*|s3:List\*|Resource "\*"
set -euo pipefail
r=$LAB_PARAM_ROLE_NAME b=$LAB_PARAM_BUCKET
aws iam create-role --role-name "$r" --assume-role-policy-document \
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}' >/dev/null
aws iam attach-role-policy --role-name "$r" --policy-arn arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess
aws iam put-role-policy --role-name "$r" --policy-name uploads --policy-document \
  "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:PutObject\",\"Resource\":\"arn:aws:s3:::$b/*\"}]}"
