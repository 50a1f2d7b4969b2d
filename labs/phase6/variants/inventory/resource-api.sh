#!/usr/bin/env bash
# expect: pass
# why: boto3's resource API with a state filter, and extra keys in each entry
set -euo pipefail
cat > inventory.py <<PY
#!/usr/bin/env python3
import json

import boto3

KEY, VALUE = "$LAB_PARAM_INVENTORY_TAG_KEY", "$LAB_PARAM_INVENTORY_TAG_VALUE"

ec2 = boto3.resource("ec2")
rows = []
for inst in ec2.instances.filter(Filters=[
        {"Name": f"tag:{KEY}", "Values": [VALUE]},
        {"Name": "instance-state-name", "Values": ["pending", "running", "stopping", "stopped"]}]):
    name = next((t["Value"] for t in inst.tags or [] if t["Key"] == "Name"), None)
    rows.append({"id": inst.id, "name": name, "type": inst.instance_type, "state": inst.state["Name"],
                 "private_ip": inst.private_ip_address, "az": inst.placement["AvailabilityZone"]})
print(json.dumps(rows))
PY
