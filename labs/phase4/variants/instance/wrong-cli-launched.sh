#!/usr/bin/env bash
# expect: fail
# why: launched with the aws CLI into the module's subnet and group, not with Terraform in infra/
# feedback: managed by the Terraform of infra
# needs: network
set -euo pipefail
cd infra
vpc=$(aws ec2 describe-vpcs --filters "Name=cidr-block,Values=10.$LAB_PARAM_VPC_OCTET.0.0/16" --query 'Vpcs[0].VpcId' --output text)
subnet=$(aws ec2 describe-subnets --filters "Name=vpc-id,Values=$vpc" --query 'Subnets[0].SubnetId' --output text)
sg=$(aws ec2 describe-security-groups --filters "Name=vpc-id,Values=$vpc" --query "SecurityGroups[?GroupName!='default'] | [0].GroupId" --output text)
aws ec2 run-instances --image-id ami-1e749f67 --instance-type "$LAB_PARAM_INSTANCE_TYPE" --subnet-id "$subnet" \
  --security-group-ids "$sg" \
  --tag-specifications "ResourceType=instance,Tags=[{Key=Name,Value=web},{Key=Project,Value=$LAB_PARAM_PROJECT}]" >/dev/null
