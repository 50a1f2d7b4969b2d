#!/usr/bin/env bash
# expect: pass
# why: the estate built again with the tags given in every create call (--tags, --tag-specifications, --tagging)
# alone: true
set -euo pipefail
cc=$LAB_PARAM_COST_CENTER owner=$LAB_PARAM_OWNER b=$LAB_PARAM_BUCKET
spec() { echo "ResourceType=$1,Tags=[{Key=CostCenter,Value=$cc},{Key=Owner,Value=$owner}${2:-}]"; }
aws s3api create-bucket --bucket "$b" >/dev/null
aws s3api put-bucket-tagging --bucket "$b" --tagging "TagSet=[{Key=CostCenter,Value=$cc},{Key=Owner,Value=$owner}]"
aws iam create-role --role-name "$LAB_PARAM_ROLE_NAME" --tags Key=CostCenter,Value=$cc Key=Owner,Value=$owner \
  --assume-role-policy-document \
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}' >/dev/null
vpc=$(aws ec2 create-vpc --cidr-block "10.$LAB_PARAM_VPC_OCTET.0.0/16" --tag-specifications "$(spec vpc)" \
  --query Vpc.VpcId --output text)
subnet=$(aws ec2 create-subnet --vpc-id "$vpc" --cidr-block "10.$LAB_PARAM_VPC_OCTET.1.0/24" \
  --tag-specifications "$(spec subnet)" --query Subnet.SubnetId --output text)
sg=$(aws ec2 create-security-group --group-name web --description web --vpc-id "$vpc" \
  --tag-specifications "$(spec security-group)" --query GroupId --output text)
aws ec2 authorize-security-group-ingress --group-id "$sg" --protocol tcp --port 443 --cidr 0.0.0.0/0 >/dev/null
igw=$(aws ec2 create-internet-gateway --tag-specifications "$(spec internet-gateway)" \
  --query InternetGateway.InternetGatewayId --output text)
aws ec2 attach-internet-gateway --internet-gateway-id "$igw" --vpc-id "$vpc"
rt=$(aws ec2 create-route-table --vpc-id "$vpc" --tag-specifications "$(spec route-table)" \
  --query RouteTable.RouteTableId --output text)
aws ec2 associate-route-table --route-table-id "$rt" --subnet-id "$subnet" >/dev/null
aws ec2 run-instances --image-id ami-04681a1dbd79675a5 --instance-type "$LAB_PARAM_INSTANCE_TYPE" \
  --subnet-id "$subnet" --security-group-ids "$sg" \
  --tag-specifications "$(spec instance ",{Key=Name,Value=$LAB_PARAM_INSTANCE_NAME}")" >/dev/null
