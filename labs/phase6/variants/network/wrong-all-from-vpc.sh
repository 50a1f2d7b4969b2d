#!/usr/bin/env bash
# expect: fail
# why: an extra "allow everything from inside the VPC" rule, on a second group on the interface
# feedback: all traffic from 10\.
set -euo pipefail
python3 - <<'PY'
import os
import boto3

ec2 = boto3.client("ec2")
o = os.environ
cidr = f"10.{o['LAB_PARAM_VPC_OCTET']}.0.0/16"
vpc = ec2.create_vpc(CidrBlock=cidr)["Vpc"]["VpcId"]
subnet = ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.{o['LAB_PARAM_VPC_OCTET']}.1.0/24")["Subnet"]["SubnetId"]
web = ec2.create_security_group(GroupName="web", Description="web", VpcId=vpc)["GroupId"]
internal = ec2.create_security_group(GroupName="internal", Description="vpc", VpcId=vpc)["GroupId"]
ec2.authorize_security_group_ingress(GroupId=web, IpPermissions=[
    {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
    {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": f"198.51.100.{o['LAB_PARAM_ADMIN_OCTET']}/32"}]}])
ec2.authorize_security_group_ingress(GroupId=internal, IpPermissions=[
    {"IpProtocol": "-1", "IpRanges": [{"CidrIp": cidr}]}])
ec2.run_instances(ImageId="ami-04681a1dbd79675a5", MinCount=1, MaxCount=1, InstanceType=o["LAB_PARAM_INSTANCE_TYPE"],
                  NetworkInterfaces=[{"DeviceIndex": 0, "SubnetId": subnet, "Groups": [web, internal]}],
                  TagSpecifications=[{"ResourceType": "instance",
                                      "Tags": [{"Key": "Name", "Value": o["LAB_PARAM_INSTANCE_NAME"]}]}])
PY
