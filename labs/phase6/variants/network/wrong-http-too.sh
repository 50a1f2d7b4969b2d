#!/usr/bin/env bash
# expect: fail
# why: HTTP 80 opened beside HTTPS "for the redirect", which the task does not allow
# feedback: tcp 80 from 0\.0\.0\.0/0
set -euo pipefail
vpc=$(aws ec2 create-vpc --cidr-block "10.$LAB_PARAM_VPC_OCTET.0.0/16" --query Vpc.VpcId --output text)
subnet=$(aws ec2 create-subnet --vpc-id "$vpc" --cidr-block "10.$LAB_PARAM_VPC_OCTET.1.0/24" --query Subnet.SubnetId --output text)
sg=$(aws ec2 create-security-group --group-name web --description web --vpc-id "$vpc" --query GroupId --output text)
for port in 80 443; do
  aws ec2 authorize-security-group-ingress --group-id "$sg" --protocol tcp --port $port --cidr 0.0.0.0/0 >/dev/null
done
aws ec2 authorize-security-group-ingress --group-id "$sg" --protocol tcp --port 22 --cidr "198.51.100.$LAB_PARAM_ADMIN_OCTET/32" >/dev/null
aws ec2 run-instances --image-id ami-04681a1dbd79675a5 --instance-type "$LAB_PARAM_INSTANCE_TYPE" \
  --subnet-id "$subnet" --security-group-ids "$sg" \
  --tag-specifications "ResourceType=instance,Tags=[{Key=Name,Value=$LAB_PARAM_INSTANCE_NAME}]" >/dev/null
