#!/bin/bash
# Step the load with one Locust process whose users read the rate to send from a file,
# measure the latency SLI at each step from the shop's own histogram, double until the SLO
# breaks, then bisect. Writes capacity_rps and latency_sli_at_capacity to the report.
set -euo pipefail
mkdir -p /lab/capacity /tmp/capacity
cat > /tmp/capacity/stepper.py <<'PY'
import time

from locust import HttpUser, task

USERS = 60


def rate():
    with open("/tmp/capacity/rate") as fh:
        return max(0.5, float(fh.read()))


class Stepper(HttpUser):
    started = 0.0

    def wait_time(self):  # one request every USERS / rate seconds per user, at the current rate
        return max(0.0, USERS / rate() - (time.monotonic() - self.started))

    @task
    def browse(self):
        self.started = time.monotonic()
        self.client.get("/api/products")
PY
cat > /tmp/capacity/search.py <<'PY'
import os, re, subprocess, time, urllib.request, yaml

THR = f"{int(os.environ['LAB_PARAM_LATENCY_THRESHOLD_MS']) / 1000:g}"
TARGET = int(os.environ["LAB_PARAM_LATENCY_TARGET"]) / 100
SVC = os.environ["LAB_PARAM_SERVICE"]
LINE = re.compile(r'^(\S+?)\{(.*)\} (\S+)$')


def histogram():
    good = total = 0.0
    text = urllib.request.urlopen("http://app:8000/metrics", timeout=10).read().decode()
    for line in text.splitlines():
        match = LINE.match(line)
        if not match:
            continue
        name, labels, value = match.groups()
        if name == f"{SVC}_http_request_duration_seconds_bucket" and f'le="{THR}"' in labels:
            good += float(value)
        elif name == f"{SVC}_http_request_duration_seconds_count":
            total += float(value)
    return good, total


def measure(offered):
    with open("/tmp/capacity/rate", "w") as fh:
        fh.write(str(max(0.5, offered - 5)))  # the everyday users send about 5 per second
    time.sleep(11)                             # the shop's queue follows the new rate
    g0, t0 = histogram()
    start = time.monotonic()
    time.sleep(10)
    g1, t1 = histogram()
    rate, sli = (t1 - t0) / (time.monotonic() - start), (g1 - g0) / max(1.0, t1 - t0)
    print(f"offered {offered:5.1f}/s  measured {rate:5.1f}/s  latency SLI {sli:.3f}", flush=True)
    return rate, sli


with open("/tmp/capacity/rate", "w") as fh:
    fh.write("11")                             # the first step's rate, before the users start
locust = subprocess.Popen(["locust", "-f", "/tmp/capacity/stepper.py", "--headless", "-u", "60", "-r", "10",
                           "-H", "http://app:8000", "--only-summary", "--loglevel", "ERROR"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    time.sleep(7)                              # -r 10: users start 0.1 s apart, so they never fire in lockstep
    good, bad, best = None, None, None
    offered = 16.0
    while bad is None and offered <= 64:
        rate, sli = measure(offered)
        if sli >= TARGET:
            good, best, offered = offered, (rate, sli), offered * 2
        else:
            bad = offered
    assert good is not None, "the SLO does not hold even at 12 requests per second"
    bad = bad or offered
    while bad - good > 2:
        mid = (good + bad) / 2
        rate, sli = measure(mid)
        if sli >= TARGET:
            good, best = mid, (rate, sli)
        else:
            bad = mid
finally:
    locust.terminate()
    locust.wait(20)
path = "/lab/capacity/report.yaml"
report = {}
if os.path.exists(path):
    report = yaml.safe_load(open(path)) or {}
report["capacity_rps"] = int(best[0])
report["latency_sli_at_capacity"] = round(best[1], 3)
with open(path, "w") as fh:
    yaml.safe_dump(report, fh, sort_keys=False)
print(report)
PY
python3 /tmp/capacity/search.py
