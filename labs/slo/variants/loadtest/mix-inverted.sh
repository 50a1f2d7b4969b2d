#!/usr/bin/env bash
# expect: fail
# why: puts the weight on checkout instead of browse
# feedback: checkouts
set -euo pipefail
mkdir -p /lab/load
cat > /lab/load/locustfile.py <<PY
from locust import HttpUser, constant_throughput, task


class Customer(HttpUser):
    wait_time = constant_throughput(${LAB_PARAM_LOAD_RPS} / ${LAB_PARAM_USERS})

    @task(1)
    def browse(self):
        self.client.get("/api/products")

    @task(${LAB_PARAM_BROWSE_WEIGHT})
    def checkout(self):
        self.client.post("/api/checkout", json={"items": [{"sku": "sku-001", "qty": 1}]})
PY
