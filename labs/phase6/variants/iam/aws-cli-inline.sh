#!/usr/bin/env bash
# expect: pass
# why: the aws CLI with JSON files: a trust policy for EC2 and one inline policy with two statements
set -euo pipefail
r=$LAB_PARAM_ROLE_NAME b=$LAB_PARAM_BUCKET
cat > /tmp/trust-$r.json <<'JSON'
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
JSON
cat > /tmp/perms-$r.json <<JSON
{"Version": "2012-10-17", "Statement": [
  {"Sid": "List", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::$b"},
  {"Sid": "ReadWrite", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::$b/*"}
]}
JSON
aws iam create-role --role-name "$r" --assume-role-policy-document "file:///tmp/trust-$r.json" >/dev/null
aws iam put-role-policy --role-name "$r" --policy-name app-bucket --policy-document "file:///tmp/perms-$r.json"
