#!/bin/bash
# Reference solution of task inventory (host, cwd = workspace): inventory.py with boto3.
set -euo pipefail
cat > inventory.py <<PY
#!/usr/bin/env python3
"""EC2 inventory: the instances tagged ${LAB_PARAM_INVENTORY_TAG_KEY}=${LAB_PARAM_INVENTORY_TAG_VALUE}, as JSON.

Endpoint, region and credentials come from the environment (AWS_ENDPOINT_URL,
AWS_REGION, AWS_ACCESS_KEY_ID, ...), as boto3 reads them by default.
"""

import json

import boto3

TAG_KEY = "${LAB_PARAM_INVENTORY_TAG_KEY}"
TAG_VALUE = "${LAB_PARAM_INVENTORY_TAG_VALUE}"
GONE = ("terminated", "shutting-down")


def inventory():
    ec2 = boto3.client("ec2")
    pages = ec2.get_paginator("describe_instances").paginate(
        Filters=[{"Name": f"tag:{TAG_KEY}", "Values": [TAG_VALUE]}]
    )
    for page in pages:
        for reservation in page["Reservations"]:
            for inst in reservation["Instances"]:
                if inst["State"]["Name"] in GONE:
                    continue
                tags = {t["Key"]: t["Value"] for t in inst.get("Tags", [])}
                yield {
                    "id": inst["InstanceId"],
                    "name": tags.get("Name"),
                    "type": inst["InstanceType"],
                    "state": inst["State"]["Name"],
                    "private_ip": inst.get("PrivateIpAddress"),
                }


if __name__ == "__main__":
    print(json.dumps(sorted(inventory(), key=lambda i: i["id"]), indent=2))
PY
