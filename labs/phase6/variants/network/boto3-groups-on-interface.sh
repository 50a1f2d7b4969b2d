#!/usr/bin/env bash
# expect: pass
# why: boto3, the instance launched with its security group on the network interface (NetworkInterfaces=[{..., "Groups": [...]}])
set -euo pipefail
python3 - <<'PY'
import os
import boto3

ec2 = boto3.client("ec2")
o = os.environ
vpc = ec2.create_vpc(CidrBlock=f"10.{o['LAB_PARAM_VPC_OCTET']}.0.0/16")["Vpc"]["VpcId"]
subnet = ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.{o['LAB_PARAM_VPC_OCTET']}.10.0/24")["Subnet"]["SubnetId"]
sg = ec2.create_security_group(GroupName="web-server", Description="https and admin ssh", VpcId=vpc)["GroupId"]
ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[
    {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
    {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
     "IpRanges": [{"CidrIp": f"198.51.100.{o['LAB_PARAM_ADMIN_OCTET']}/32", "Description": "admin"}]},
])
ec2.run_instances(
    ImageId="ami-04681a1dbd79675a5", MinCount=1, MaxCount=1, InstanceType=o["LAB_PARAM_INSTANCE_TYPE"],
    NetworkInterfaces=[{"DeviceIndex": 0, "SubnetId": subnet, "Groups": [sg], "AssociatePublicIpAddress": True}],
    TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": o["LAB_PARAM_INSTANCE_NAME"]}]}],
)
PY
