#!/usr/bin/env bash
# expect: fail
# why: tags everything, with the key spelled Costcenter: tag keys are case-sensitive
# feedback: no CostCenter
# alone: true
# include: _lib/estate.sh
set -euo pipefail
tags="Key=Costcenter,Value=$LAB_PARAM_COST_CENTER Key=Owner,Value=$LAB_PARAM_OWNER"
aws s3api put-bucket-tagging --bucket "$LAB_PARAM_BUCKET" \
  --tagging "TagSet=[{Key=Costcenter,Value=$LAB_PARAM_COST_CENTER},{Key=Owner,Value=$LAB_PARAM_OWNER}]"
aws iam tag-role --role-name "$LAB_PARAM_ROLE_NAME" --tags $tags
aws ec2 create-tags --resources "$vpc" "$subnet" "$sg" "$instance" --tags $tags
