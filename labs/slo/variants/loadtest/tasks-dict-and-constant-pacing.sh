#!/usr/bin/env bash
# expect: pass
# why: a tasks dict for the mix and constant_pacing (seconds per task) for the rate
set -euo pipefail
mkdir -p /lab/load
cat > /lab/load/locustfile.py <<PY
import json

from locust import HttpUser, constant_pacing


def browse(user):
    user.client.get("/api/products", name="browse")


def checkout(user):
    body = json.dumps({"items": [{"sku": "sku-002", "qty": 1}, {"sku": "sku-003", "qty": 1}]})
    user.client.post("/api/checkout", data=body, headers={"Content-Type": "application/json"})


class Shopper(HttpUser):
    tasks = {browse: ${LAB_PARAM_BROWSE_WEIGHT}, checkout: 1}
    wait_time = constant_pacing(${LAB_PARAM_USERS} / ${LAB_PARAM_LOAD_RPS})
PY
