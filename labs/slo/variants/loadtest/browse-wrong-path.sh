#!/usr/bin/env bash
# expect: fail
# why: browses /products instead of /api/products, a page the shop does not have (404)
# feedback: requests per second in total
set -euo pipefail
mkdir -p /lab/load
cat > /lab/load/locustfile.py <<PY
from locust import HttpUser, constant_throughput, task


class Customer(HttpUser):
    wait_time = constant_throughput(${LAB_PARAM_LOAD_RPS} / ${LAB_PARAM_USERS})

    @task(${LAB_PARAM_BROWSE_WEIGHT})
    def browse(self):
        self.client.get("/products")

    @task
    def checkout(self):
        self.client.post("/api/checkout", json={"items": [{"sku": "sku-001", "qty": 1}]})
PY
