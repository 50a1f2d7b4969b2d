#!/usr/bin/env bash
# expect: fail
# why: a missing Name tag printed as "" instead of null
# feedback: name is ''
set -euo pipefail
cat > inventory.py <<PY
import json
import boto3

ec2 = boto3.client("ec2")
out = []
for page in ec2.get_paginator("describe_instances").paginate(
        Filters=[{"Name": "tag:$LAB_PARAM_INVENTORY_TAG_KEY", "Values": ["$LAB_PARAM_INVENTORY_TAG_VALUE"]}]):
    for r in page["Reservations"]:
        for i in r["Instances"]:
            if i["State"]["Name"] in ("terminated", "shutting-down"):
                continue
            tags = {t["Key"]: t["Value"] for t in i.get("Tags", [])}
            out.append({"id": i["InstanceId"], "name": tags.get("Name", ""), "type": i["InstanceType"],
                        "state": i["State"]["Name"], "private_ip": i.get("PrivateIpAddress")})
print(json.dumps(out))
PY
