#!/usr/bin/env bash
# expect: fail
# why: the trust policy also lets any AWS principal assume the role "so that we can debug with it"
# feedback: may also be assumed
set -euo pipefail
r=$LAB_PARAM_ROLE_NAME b=$LAB_PARAM_BUCKET
aws iam create-role --role-name "$r" --assume-role-policy-document \
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com","AWS":"*"},"Action":"sts:AssumeRole"}]}' >/dev/null
aws iam put-role-policy --role-name "$r" --policy-name app --policy-document \
  "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:ListBucket\",\"Resource\":\"arn:aws:s3:::$b\"},{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\",\"s3:PutObject\"],\"Resource\":\"arn:aws:s3:::$b/*\"}]}"
