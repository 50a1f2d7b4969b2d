#!/usr/bin/env bash
# expect: fail
# why: tags the VPC, subnets and instance (what shows on the bill) but not the security group
# feedback: security group
# alone: true
# include: _lib/estate.sh
set -euo pipefail
tags="Key=CostCenter,Value=$LAB_PARAM_COST_CENTER Key=Owner,Value=$LAB_PARAM_OWNER"
aws s3api put-bucket-tagging --bucket "$LAB_PARAM_BUCKET" \
  --tagging "TagSet=[{Key=CostCenter,Value=$LAB_PARAM_COST_CENTER},{Key=Owner,Value=$LAB_PARAM_OWNER}]"
aws iam tag-role --role-name "$LAB_PARAM_ROLE_NAME" --tags $tags
aws ec2 create-tags --resources "$vpc" "$subnet" "$instance" --tags $tags
