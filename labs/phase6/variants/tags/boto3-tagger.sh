#!/usr/bin/env bash
# expect: pass
# why: a boto3 script that walks S3, IAM and EC2 and tags whatever lacks the tags (keeps other tags)
# alone: true
# include: _lib/estate.sh
set -euo pipefail
python3 - <<'PY'
import os
import boto3

want = {"CostCenter": os.environ["LAB_PARAM_COST_CENTER"], "Owner": os.environ["LAB_PARAM_OWNER"]}
pairs = [{"Key": k, "Value": v} for k, v in want.items()]
s3, iam, ec2 = boto3.client("s3"), boto3.client("iam"), boto3.client("ec2")
for b in s3.list_buckets()["Buckets"]:
    try:
        old = s3.get_bucket_tagging(Bucket=b["Name"])["TagSet"]
    except s3.exceptions.ClientError:
        old = []
    merged = {t["Key"]: t["Value"] for t in old} | want
    s3.put_bucket_tagging(Bucket=b["Name"], Tagging={"TagSet": [{"Key": k, "Value": v} for k, v in merged.items()]})
for role in iam.list_roles()["Roles"]:
    iam.tag_role(RoleName=role["RoleName"], Tags=pairs)
for pol in iam.list_policies(Scope="Local")["Policies"]:
    iam.tag_policy(PolicyArn=pol["Arn"], Tags=pairs)
ids = []
vpcs = [v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"] if not v.get("IsDefault")]
if vpcs:
    flt = [{"Name": "vpc-id", "Values": vpcs}]
    ids += vpcs
    ids += [s["SubnetId"] for s in ec2.describe_subnets(Filters=flt)["Subnets"]]
    ids += [g["GroupId"] for g in ec2.describe_security_groups(Filters=flt)["SecurityGroups"] if g["GroupName"] != "default"]
    ids += [r["RouteTableId"] for r in ec2.describe_route_tables(Filters=flt)["RouteTables"]]
for r in ec2.describe_instances()["Reservations"]:
    ids += [i["InstanceId"] for i in r["Instances"] if i["State"]["Name"] != "terminated"]
ec2.create_tags(Resources=ids, Tags=pairs)
PY
