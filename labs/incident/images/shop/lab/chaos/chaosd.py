#!/usr/bin/python3
"""chaosd: the shop's synthetic customers, and the chaos agent that starts the incident.

Customers: about 4 requests a second through the front (http://web): browse the catalog,
list orders, check out. Their view is exported on :9200/metrics (job "customers"):
  shop_client_requests_total{endpoint, outcome}       outcome = ok | error
  shop_client_request_duration_seconds{endpoint}      histogram
The incident: once the shop has answered for a while, the fault this env's parameters
name is injected (with /opt/lab/bin/chaos) and recorded in /var/lib/chaos/incident.json,
once per env.
"""
import json
import os
import random
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests
from prometheus_client import Counter, Histogram, start_http_server

BASE = os.environ.get("SHOP_URL", "http://web")
RATE = float(os.environ.get("CUSTOMER_RATE", "4"))
TIMEOUT = float(os.environ.get("CUSTOMER_TIMEOUT", "20"))
RECORD = "/var/lib/chaos/incident.json"
HOSTS = ("web", "api", "db", "cache")

REQS = Counter("shop_client_requests_total", "Customer requests by endpoint and outcome",
               ["endpoint", "outcome"])
LAT = Histogram("shop_client_request_duration_seconds", "Customer-seen request duration",
                ["endpoint"], buckets=(0.05, 0.1, 0.25, 0.5, 1, 1.5, 2, 2.5, 3, 4, 6, 10, 20))
products = list(range(1, 13))
healthy_streak = 0
streak_lock = threading.Lock()


def log(msg: str) -> None:
    print(time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), msg, flush=True)


def customer() -> None:
    global healthy_streak
    roll = random.random()
    if roll < 0.5:
        name, method, path, body = "products", "GET", "/api/products", None
    elif roll < 0.75:
        name, method, path, body = "orders", "GET", "/api/orders?limit=10", None
    else:
        name, method, path = "checkout", "POST", "/api/orders"
        body = {"product_id": random.choice(products), "quantity": random.randint(1, 3),
                "customer": f"customer-{random.randint(1, 900)}"}
    started = time.perf_counter()
    ok = False
    try:
        resp = requests.request(method, BASE + path, json=body, timeout=TIMEOUT)
        ok = 200 <= resp.status_code < 300
    except requests.RequestException:
        pass
    LAT.labels(name).observe(time.perf_counter() - started)
    REQS.labels(name, "ok" if ok else "error").inc()
    with streak_lock:
        healthy_streak = healthy_streak + 1 if ok else 0


def wait_for_shop() -> None:
    """Customers arrive once the shop has opened (its catalog answers)."""
    while True:
        try:
            if requests.get(BASE + "/api/products", timeout=TIMEOUT).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(1)


def customers() -> None:
    wait_for_shop()
    log(f"customers: {RATE:g} requests/s to {BASE}")
    pool = ThreadPoolExecutor(max_workers=48)
    interval = 1.0 / RATE
    nxt = time.monotonic()
    while True:
        pool.submit(customer)
        nxt += interval * random.uniform(0.5, 1.5)
        time.sleep(max(0.0, nxt - time.monotonic()))


def log_sizes() -> dict:
    """Size of every log file on every machine: what was logged before the incident."""
    sizes: dict = {}
    for host in HOSTS:
        out = subprocess.run(["ssh", "-o", "BatchMode=yes", "-o", "ConnectTimeout=5", f"root@{host}",
                              "find /var/log -type f -printf '%s\\t%p\\n'"],
                             capture_output=True, text=True, timeout=20)
        sizes[host] = {}
        for line in out.stdout.splitlines():
            size, _, path = line.partition("\t")
            if size.isdigit():
                sizes[host][path] = int(size)
    return sizes


def incident() -> None:
    if os.path.exists(RECORD):
        return
    fault = os.environ["FAULT"]
    args = {
        "latency": ["latency", os.environ["LINK"], os.environ["DELAY_MS"]],
        "loss": ["loss", os.environ["LINK"], os.environ["LOSS_PCT"]],
        "dependency": ["kill", os.environ["DEPENDENCY"]],
        "disk": ["disk"],
        "config": ["config", os.environ["BAD_SETTING"]],
    }[fault]
    delay = float(os.environ.get("INCIDENT_AFTER", "30"))
    while True:  # the shop must have served customers for a while first
        with streak_lock:
            streak = healthy_streak
        if streak >= 12:
            break
        time.sleep(1)
    time.sleep(delay)
    for attempt in range(10):
        try:
            sizes = log_sizes()
            started = time.time()
            subprocess.run(["/opt/lab/bin/chaos", "inject", *args], check=True, capture_output=True,
                           text=True, timeout=60)
            break
        except (subprocess.SubprocessError, OSError) as exc:
            detail = getattr(exc, "stderr", "") or exc
            log(f"chaos: injection attempt {attempt + 1} failed: {detail}")
            time.sleep(3)
    else:
        log("chaos: could not start the incident")
        return
    record = {"fault": fault, "chaos_args": args, "injected_at": started, "log_sizes": sizes}
    tmp = RECORD + ".tmp"
    with open(tmp, "w") as fh:
        json.dump(record, fh)
    os.replace(tmp, RECORD)
    log("chaos: the scheduled incident has started")


def main() -> None:
    start_http_server(9200)
    threading.Thread(target=incident, daemon=True).start()
    customers()


if __name__ == "__main__":
    sys.exit(main())
