#!/usr/bin/env bash
# expect: pass
# why: one user class per kind of visit, the mix as class weights, each user paced with constant_throughput
# params: users=4, browse_weight=3, load_rps=15, latency_threshold_ms=400, capacity_rps=36
set -euo pipefail
mkdir -p /lab/load
cat > /lab/load/locustfile.py <<PY
from locust import HttpUser, constant_throughput, task

PER_USER = ${LAB_PARAM_LOAD_RPS} / ${LAB_PARAM_USERS}


class Browser(HttpUser):
    weight = ${LAB_PARAM_BROWSE_WEIGHT}
    wait_time = constant_throughput(PER_USER)

    @task
    def catalogue(self):
        self.client.get("/api/products")


class Buyer(HttpUser):
    weight = 1
    wait_time = constant_throughput(PER_USER)

    @task
    def buy(self):
        self.client.post("/api/checkout", json={"items": [{"sku": "sku-007", "qty": 2}]})
PY
