#!/usr/bin/env bash
# expect: fail
# why: every reservation, but terminated instances are listed too
# feedback: should not be there
set -euo pipefail
cat > inventory.py <<PY
import json
import boto3

out = []
for r in boto3.client("ec2").describe_instances(
        Filters=[{"Name": "tag:$LAB_PARAM_INVENTORY_TAG_KEY", "Values": ["$LAB_PARAM_INVENTORY_TAG_VALUE"]}])["Reservations"]:
    for i in r["Instances"]:
        tags = {t["Key"]: t["Value"] for t in i.get("Tags", [])}
        out.append({"id": i["InstanceId"], "name": tags.get("Name"), "type": i["InstanceType"],
                    "state": i["State"]["Name"], "private_ip": i.get("PrivateIpAddress")})
print(json.dumps(out))
PY
