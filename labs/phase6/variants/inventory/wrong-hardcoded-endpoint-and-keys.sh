#!/usr/bin/env bash
# expect: fail
# why: copies the endpoint and the keys from `labctl env` into the script, "so it works without the eval"
# feedback: AWS_ENDPOINT_URL
set -euo pipefail
cat > inventory.py <<PY
import json
import os

import boto3

ec2 = boto3.client("ec2", endpoint_url="$AWS_ENDPOINT_URL", aws_access_key_id="$AWS_ACCESS_KEY_ID",
                   aws_secret_access_key="$AWS_SECRET_ACCESS_KEY", region_name=os.environ.get("AWS_REGION"))
out = []
for page in ec2.get_paginator("describe_instances").paginate(
        Filters=[{"Name": "tag:$LAB_PARAM_INVENTORY_TAG_KEY", "Values": ["$LAB_PARAM_INVENTORY_TAG_VALUE"]}]):
    for r in page["Reservations"]:
        for i in r["Instances"]:
            if i["State"]["Name"] in ("terminated", "shutting-down"):
                continue
            tags = {t["Key"]: t["Value"] for t in i.get("Tags", [])}
            out.append({"id": i["InstanceId"], "name": tags.get("Name"), "type": i["InstanceType"],
                        "state": i["State"]["Name"], "private_ip": i.get("PrivateIpAddress")})
print(json.dumps(out))
PY
