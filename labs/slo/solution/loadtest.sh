#!/bin/bash
# One user class, the mix as task weights, the total rate shared by the users.
set -euo pipefail
mkdir -p /lab/load
cat > /lab/load/locustfile.py <<PY
from locust import HttpUser, constant_throughput, task

USERS = ${LAB_PARAM_USERS}
TOTAL_RPS = ${LAB_PARAM_LOAD_RPS}


class Customer(HttpUser):
    wait_time = constant_throughput(TOTAL_RPS / USERS)   # tasks per second, per user

    @task(${LAB_PARAM_BROWSE_WEIGHT})
    def browse(self):
        self.client.get("/api/products")

    @task(1)
    def checkout(self):
        self.client.post("/api/checkout", json={"items": [{"sku": "sku-001", "qty": 1}]})
PY
