#!/usr/bin/env bash
# expect: pass
# why: the aws CLI, one group for HTTPS (IPv4 and IPv6) and one for admin SSH, both on the instance
set -euo pipefail
vpc=$(aws ec2 create-vpc --cidr-block "10.$LAB_PARAM_VPC_OCTET.0.0/16" --query Vpc.VpcId --output text)
subnet=$(aws ec2 create-subnet --vpc-id "$vpc" --cidr-block "10.$LAB_PARAM_VPC_OCTET.1.0/24" --query Subnet.SubnetId --output text)
web=$(aws ec2 create-security-group --group-name https --description "HTTPS from anywhere" --vpc-id "$vpc" --query GroupId --output text)
admin=$(aws ec2 create-security-group --group-name admin-ssh --description "SSH from the admin" --vpc-id "$vpc" --query GroupId --output text)
aws ec2 authorize-security-group-ingress --group-id "$web" --ip-permissions \
  'IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges=[{CidrIp=0.0.0.0/0}],Ipv6Ranges=[{CidrIpv6=::/0}]' >/dev/null
aws ec2 authorize-security-group-ingress --group-id "$admin" --protocol tcp --port 22 \
  --cidr "198.51.100.$LAB_PARAM_ADMIN_OCTET/32" >/dev/null
aws ec2 run-instances --image-id ami-04681a1dbd79675a5 --instance-type "$LAB_PARAM_INSTANCE_TYPE" \
  --subnet-id "$subnet" --security-group-ids "$web" "$admin" \
  --tag-specifications "ResourceType=instance,Tags=[{Key=Name,Value=$LAB_PARAM_INSTANCE_NAME}]" >/dev/null
