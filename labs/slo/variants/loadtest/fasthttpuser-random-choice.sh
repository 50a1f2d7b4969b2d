#!/usr/bin/env bash
# expect: pass
# why: FastHttpUser, one task that draws browse or checkout at random with the right odds, a product page now and then
set -euo pipefail
mkdir -p /lab/load
cat > /lab/load/locustfile.py <<PY
import random

from locust import FastHttpUser, constant_throughput, task

BROWSE, CHECKOUT = ${LAB_PARAM_BROWSE_WEIGHT}, 1


class Customer(FastHttpUser):
    wait_time = constant_throughput(${LAB_PARAM_LOAD_RPS} / ${LAB_PARAM_USERS})

    @task
    def visit(self):
        if random.random() < CHECKOUT / (BROWSE + CHECKOUT):
            self.client.post("/api/checkout", json={"items": [{"sku": "sku-010", "qty": 1}]})
        elif random.random() < 0.2:
            self.client.get(f"/api/products/{random.randint(1, 20)}", name="/api/products/[id]")
        else:
            self.client.get("/api/products")
PY
