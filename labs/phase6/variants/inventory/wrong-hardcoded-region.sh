#!/usr/bin/env bash
# expect: fail
# why: the region written into the client ("it is always us-east-1")
# feedback: AWS_REGION
set -euo pipefail
cat > inventory.py <<PY
import json
import boto3

ec2 = boto3.client("ec2", region_name="us-east-1")
out = []
for page in ec2.get_paginator("describe_instances").paginate(
        Filters=[{"Name": "tag:$LAB_PARAM_INVENTORY_TAG_KEY", "Values": ["$LAB_PARAM_INVENTORY_TAG_VALUE"]}]):
    for r in page["Reservations"]:
        for i in r["Instances"]:
            if i["State"]["Name"] == "terminated":
                continue
            tags = {t["Key"]: t["Value"] for t in i.get("Tags", [])}
            out.append({"id": i["InstanceId"], "name": tags.get("Name"), "type": i["InstanceType"],
                        "state": i["State"]["Name"], "private_ip": i.get("PrivateIpAddress")})
print(json.dumps(out))
PY
