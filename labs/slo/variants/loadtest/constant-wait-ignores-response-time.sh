#!/usr/bin/env bash
# expect: fail
# why: waits a constant users/rate seconds after each request, so the time requests take is lost and the rate falls short
# params: users=4, browse_weight=3, load_rps=15, latency_threshold_ms=400, capacity_rps=36
# feedback: requests per second in total
set -euo pipefail
mkdir -p /lab/load
cat > /lab/load/locustfile.py <<PY
from locust import HttpUser, constant, task


class Customer(HttpUser):
    wait_time = constant(${LAB_PARAM_USERS} / ${LAB_PARAM_LOAD_RPS})

    @task(${LAB_PARAM_BROWSE_WEIGHT})
    def browse(self):
        self.client.get("/api/products")

    @task
    def checkout(self):
        self.client.post("/api/checkout", json={"items": [{"sku": "sku-001", "qty": 1}]})
PY
