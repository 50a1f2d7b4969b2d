#!/usr/bin/env bash
# expect: fail
# why: gives every user the whole rate, so the test sends users x the rate
# feedback: requests per second in total
set -euo pipefail
mkdir -p /lab/load
cat > /lab/load/locustfile.py <<PY
from locust import HttpUser, constant_throughput, task


class Customer(HttpUser):
    wait_time = constant_throughput(${LAB_PARAM_LOAD_RPS})

    @task(${LAB_PARAM_BROWSE_WEIGHT})
    def browse(self):
        self.client.get("/api/products")

    @task
    def checkout(self):
        self.client.post("/api/checkout", json={"items": [{"sku": "sku-001", "qty": 1}]})
PY
