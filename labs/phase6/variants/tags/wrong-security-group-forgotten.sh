#!/usr/bin/env bash
# expect: fail
# why: tags the VPC, subnets and instance (what shows on the bill) but not the security group
# feedback: security group
# needs: bucket, iam, network
set -euo pipefail
tags="Key=CostCenter,Value=$LAB_PARAM_COST_CENTER Key=Owner,Value=$LAB_PARAM_OWNER"
aws s3api put-bucket-tagging --bucket "$LAB_PARAM_BUCKET" \
  --tagging "TagSet=[{Key=CostCenter,Value=$LAB_PARAM_COST_CENTER},{Key=Owner,Value=$LAB_PARAM_OWNER}]"
aws iam tag-role --role-name "$LAB_PARAM_ROLE_NAME" --tags $tags
vpc=$(aws ec2 describe-vpcs --filters "Name=cidr-block,Values=10.$LAB_PARAM_VPC_OCTET.0.0/16" --query 'Vpcs[0].VpcId' --output text)
ids="$vpc $(aws ec2 describe-subnets --filters Name=vpc-id,Values=$vpc --query 'Subnets[].SubnetId' --output text)"
ids="$ids $(aws ec2 describe-instances --filters Name=tag:Name,Values=$LAB_PARAM_INSTANCE_NAME --query 'Reservations[].Instances[].InstanceId' --output text)"
aws ec2 create-tags --resources $ids --tags $tags
