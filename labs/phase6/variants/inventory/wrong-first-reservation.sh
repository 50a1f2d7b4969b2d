#!/usr/bin/env bash
# expect: fail
# why: reads only the first reservation of the response (it worked with one instance)
# feedback: missed
set -euo pipefail
cat > inventory.py <<PY
import json
import boto3

res = boto3.client("ec2").describe_instances(
    Filters=[{"Name": "tag:$LAB_PARAM_INVENTORY_TAG_KEY", "Values": ["$LAB_PARAM_INVENTORY_TAG_VALUE"]},
             {"Name": "instance-state-name", "Values": ["running", "stopped"]}])
out = []
for i in res["Reservations"][0]["Instances"]:
    tags = {t["Key"]: t["Value"] for t in i.get("Tags", [])}
    out.append({"id": i["InstanceId"], "name": tags.get("Name"), "type": i["InstanceType"],
                "state": i["State"]["Name"], "private_ip": i.get("PrivateIpAddress")})
print(json.dumps(out))
PY
