#!/usr/bin/env bash
# expect: pass
# why: describe_instances with its own NextToken loop and a session, terminated ones skipped in Python
set -euo pipefail
cat > inventory.py <<PY
"""Instances tagged $LAB_PARAM_INVENTORY_TAG_KEY=$LAB_PARAM_INVENTORY_TAG_VALUE, as JSON."""
import json
import sys

import boto3


def instances(client):
    kwargs = {"Filters": [{"Name": "tag:$LAB_PARAM_INVENTORY_TAG_KEY", "Values": ["$LAB_PARAM_INVENTORY_TAG_VALUE"]}],
              "MaxResults": 5}
    while True:
        page = client.describe_instances(**kwargs)
        for reservation in page["Reservations"]:
            yield from reservation["Instances"]
        if not page.get("NextToken"):
            return
        kwargs["NextToken"] = page["NextToken"]


def main():
    client = boto3.session.Session().client("ec2")
    out = []
    for inst in instances(client):
        state = inst["State"]["Name"]
        if state in ("terminated", "shutting-down"):
            continue
        tags = {t["Key"]: t["Value"] for t in inst.get("Tags") or []}
        out.append({"id": inst["InstanceId"], "name": tags.get("Name"), "type": inst["InstanceType"],
                    "state": state, "private_ip": inst.get("PrivateIpAddress")})
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
PY
