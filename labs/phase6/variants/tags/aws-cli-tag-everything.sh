#!/usr/bin/env bash
# expect: pass
# why: the aws CLI: finds every resource and tags it (bucket tagging, tag-role, create-tags)
# alone: true
# include: _lib/estate.sh
set -euo pipefail
tags_ec2="Key=CostCenter,Value=$LAB_PARAM_COST_CENTER Key=Owner,Value=$LAB_PARAM_OWNER"
for b in $(aws s3api list-buckets --query 'Buckets[].Name' --output text); do
  aws s3api put-bucket-tagging --bucket "$b" \
    --tagging "TagSet=[{Key=CostCenter,Value=$LAB_PARAM_COST_CENTER},{Key=Owner,Value=$LAB_PARAM_OWNER}]"
done
for r in $(aws iam list-roles --query 'Roles[].RoleName' --output text); do
  aws iam tag-role --role-name "$r" --tags $tags_ec2
done
for p in $(aws iam list-policies --scope Local --query 'Policies[].Arn' --output text); do
  aws iam tag-policy --policy-arn "$p" --tags $tags_ec2
done
vpcs=$(aws ec2 describe-vpcs --filters Name=is-default,Values=false --query 'Vpcs[].VpcId' --output text)
ids=$vpcs
for v in $vpcs; do
  ids="$ids $(aws ec2 describe-subnets --filters Name=vpc-id,Values=$v --query 'Subnets[].SubnetId' --output text)"
  ids="$ids $(aws ec2 describe-security-groups --filters Name=vpc-id,Values=$v --query "SecurityGroups[?GroupName!='default'].GroupId" --output text)"
done
ids="$ids $(aws ec2 describe-instances --filters Name=instance-state-name,Values=pending,running,stopping,stopped --query 'Reservations[].Instances[].InstanceId' --output text)"
aws ec2 create-tags --resources $ids --tags $tags_ec2
