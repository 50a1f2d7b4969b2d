#!/usr/bin/env bash
# expect: fail
# why: checkout posts form data with no items, which the shop refuses (400)
# feedback: checkouts were accepted
set -euo pipefail
mkdir -p /lab/load
cat > /lab/load/locustfile.py <<PY
from locust import HttpUser, constant_throughput, task


class Customer(HttpUser):
    wait_time = constant_throughput(${LAB_PARAM_LOAD_RPS} / ${LAB_PARAM_USERS})

    @task(${LAB_PARAM_BROWSE_WEIGHT})
    def browse(self):
        self.client.get("/api/products")

    @task
    def checkout(self):
        self.client.post("/api/checkout", data={"sku": "sku-001", "qty": 1})
PY
