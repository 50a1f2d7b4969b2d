"""The shop's everyday customers: steady background traffic (BACKGROUND_RPS requests per
second) from the `users` service, so that every SLI has data even when nobody load-tests.
Some of it is the customers' own fault (a product id that does not exist, an empty basket):
those are 4xx answers, not failures of the service."""

import json
import random
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import slomodel as m

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://app:8000"
HEADERS = {"X-Lab-Client": "users", "Content-Type": "application/json"}


def one(rng):
    roll = rng.random()
    if roll < 0.6:
        req = urllib.request.Request(f"{BASE}/api/products", headers=HEADERS)
    elif roll < 0.75:
        pid = rng.randint(1, 22)  # 21 and 22 do not exist
        req = urllib.request.Request(f"{BASE}/api/products/{pid}", headers=HEADERS)
    else:
        items = [] if rng.random() < 0.08 else [{"sku": f"sku-{rng.randint(1, 20):03d}", "qty": rng.randint(1, 3)}]
        req = urllib.request.Request(f"{BASE}/api/checkout", data=json.dumps({"items": items}).encode(),
                                     headers=HEADERS, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            resp.read()
    except urllib.error.HTTPError:
        pass
    except OSError:
        time.sleep(1)  # the shop is not up yet


def main():
    rng = random.Random()
    lock = threading.Lock()

    def fire():
        with lock:
            local = random.Random(rng.random())
        one(local)

    interval = 1.0 / m.BACKGROUND_RPS
    next_at = time.monotonic()
    with ThreadPoolExecutor(max_workers=32) as pool:
        while True:
            pool.submit(fire)
            next_at += interval
            delay = next_at - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            else:
                next_at = time.monotonic()


if __name__ == "__main__":
    main()
