#!/usr/bin/env bash
# expect: pass
# why: a paginator with a JMESPath search over every page, and logging to stderr (not stdout)
set -euo pipefail
cat > inventory.py <<PY
import json
import logging

import boto3

logging.basicConfig(level=logging.INFO)  # stderr
log = logging.getLogger("inventory")

ec2 = boto3.client("ec2")
pages = ec2.get_paginator("describe_instances").paginate(
    Filters=[{"Name": "tag:$LAB_PARAM_INVENTORY_TAG_KEY", "Values": ["$LAB_PARAM_INVENTORY_TAG_VALUE"]}])
found = []
for inst in pages.search("Reservations[].Instances[]"):
    if inst["State"]["Name"] == "terminated":
        continue
    name = None
    for tag in inst.get("Tags", []):
        if tag["Key"] == "Name":
            name = tag["Value"]
    found.append(dict(id=inst["InstanceId"], name=name, type=inst["InstanceType"],
                      state=inst["State"]["Name"], private_ip=inst.get("PrivateIpAddress")))
log.info("found %d instances", len(found))
print(json.dumps(found, indent=2))
PY
