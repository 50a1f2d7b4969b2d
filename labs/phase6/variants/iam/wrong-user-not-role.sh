#!/usr/bin/env bash
# expect: fail
# why: an IAM user with the right policy, as if the servers would use its access keys
# feedback: no IAM role
set -euo pipefail
u=$LAB_PARAM_ROLE_NAME b=$LAB_PARAM_BUCKET
aws iam create-user --user-name "$u" >/dev/null
aws iam put-user-policy --user-name "$u" --policy-name app --policy-document \
  "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:ListBucket\",\"Resource\":\"arn:aws:s3:::$b\"},{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\",\"s3:PutObject\"],\"Resource\":\"arn:aws:s3:::$b/*\"}]}"
