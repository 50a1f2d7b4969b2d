#!/usr/bin/env bash
# expect: fail
# why: a friendly header line printed before the JSON
# feedback: one JSON array
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
            if i["State"]["Name"] != "terminated":
                tags = {t["Key"]: t["Value"] for t in i.get("Tags", [])}
                out.append({"id": i["InstanceId"], "name": tags.get("Name"), "type": i["InstanceType"],
                            "state": i["State"]["Name"], "private_ip": i.get("PrivateIpAddress")})
print(f"Instances tagged $LAB_PARAM_INVENTORY_TAG_KEY=$LAB_PARAM_INVENTORY_TAG_VALUE:")
print(json.dumps(out, indent=2))
PY
