#!/usr/bin/env bash
# expect: fail
# why: "write" taken to include deleting: s3:DeleteObject added to the object statement
# feedback: s3:DeleteObject
set -euo pipefail
r=$LAB_PARAM_ROLE_NAME b=$LAB_PARAM_BUCKET
aws iam create-role --role-name "$r" --assume-role-policy-document \
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}' >/dev/null
aws iam put-role-policy --role-name "$r" --policy-name app --policy-document \
  "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:ListBucket\",\"Resource\":\"arn:aws:s3:::$b\"},{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\",\"s3:PutObject\",\"s3:DeleteObject\"],\"Resource\":\"arn:aws:s3:::$b/*\"}]}"
