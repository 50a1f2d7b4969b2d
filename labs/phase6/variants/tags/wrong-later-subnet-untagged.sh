#!/usr/bin/env bash
# expect: fail
# why: everything tagged, then a second subnet added afterwards, untagged
# feedback: subnet
# alone: true
# include: _lib/estate.sh
set -euo pipefail
tags="Key=CostCenter,Value=$LAB_PARAM_COST_CENTER Key=Owner,Value=$LAB_PARAM_OWNER"
aws s3api put-bucket-tagging --bucket "$LAB_PARAM_BUCKET" \
  --tagging "TagSet=[{Key=CostCenter,Value=$LAB_PARAM_COST_CENTER},{Key=Owner,Value=$LAB_PARAM_OWNER}]"
aws iam tag-role --role-name "$LAB_PARAM_ROLE_NAME" --tags $tags
aws ec2 create-tags --resources "$vpc" "$subnet" "$sg" "$instance" --tags $tags
aws ec2 create-subnet --vpc-id "$vpc" --cidr-block "10.$LAB_PARAM_VPC_OCTET.99.0/24" >/dev/null
