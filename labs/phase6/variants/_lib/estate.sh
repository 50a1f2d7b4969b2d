# The learner's estate of the earlier tasks (bucket, role, VPC, subnet, security group,
# instance), built with boto3 and left untagged; included by tags variants that run in an
# env of their own. Exports their ids for the variant: $vpc $subnet $sg $instance.
set -euo pipefail
eval "$(python3 - <<'PY'
import json
import os

import boto3

o = os.environ
b = o["LAB_PARAM_BUCKET"]
s3, iam, ec2 = boto3.client("s3"), boto3.client("iam"), boto3.client("ec2")
s3.create_bucket(Bucket=b)
s3.put_bucket_versioning(Bucket=b, VersioningConfiguration={"Status": "Enabled"})
s3.put_bucket_encryption(Bucket=b, ServerSideEncryptionConfiguration={
    "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]})
s3.put_public_access_block(Bucket=b, PublicAccessBlockConfiguration={
    "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
s3.put_bucket_lifecycle_configuration(Bucket=b, LifecycleConfiguration={"Rules": [{
    "ID": "logs", "Status": "Enabled", "Filter": {"Prefix": "logs/"},
    "Expiration": {"Days": int(o["LAB_PARAM_LOG_DAYS"])}}]})
trust = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
iam.create_role(RoleName=o["LAB_PARAM_ROLE_NAME"], AssumeRolePolicyDocument=json.dumps(trust))
iam.put_role_policy(RoleName=o["LAB_PARAM_ROLE_NAME"], PolicyName="app", PolicyDocument=json.dumps({
    "Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": f"arn:aws:s3:::{b}"},
        {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": f"arn:aws:s3:::{b}/*"}]}))
octet = o["LAB_PARAM_VPC_OCTET"]
vpc = ec2.create_vpc(CidrBlock=f"10.{octet}.0.0/16")["Vpc"]["VpcId"]
subnet = ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.{octet}.1.0/24")["Subnet"]["SubnetId"]
sg = ec2.create_security_group(GroupName="web", Description="web", VpcId=vpc)["GroupId"]
ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[
    {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
    {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
     "IpRanges": [{"CidrIp": f"198.51.100.{o['LAB_PARAM_ADMIN_OCTET']}/32"}]}])
instance = ec2.run_instances(
    ImageId="ami-04681a1dbd79675a5", MinCount=1, MaxCount=1, InstanceType=o["LAB_PARAM_INSTANCE_TYPE"],
    SubnetId=subnet, SecurityGroupIds=[sg],
    TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": o["LAB_PARAM_INSTANCE_NAME"]}]}],
)["Instances"][0]["InstanceId"]
print(f"vpc={vpc} subnet={subnet} sg={sg} instance={instance}")
PY
)"
