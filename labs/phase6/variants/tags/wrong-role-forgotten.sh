#!/usr/bin/env bash
# expect: fail
# why: tags the bucket and the EC2 resources by hand, and forgets the IAM role
# feedback: role
# alone: true
# include: _lib/estate.sh
set -euo pipefail
tags="Key=CostCenter,Value=$LAB_PARAM_COST_CENTER Key=Owner,Value=$LAB_PARAM_OWNER"
aws s3api put-bucket-tagging --bucket "$LAB_PARAM_BUCKET" \
  --tagging "TagSet=[{Key=CostCenter,Value=$LAB_PARAM_COST_CENTER},{Key=Owner,Value=$LAB_PARAM_OWNER}]"
aws ec2 create-tags --resources "$vpc" "$subnet" "$sg" "$instance" --tags $tags
