# Shared by classify variants: /lab/incfeatures.py, an incident's signals against the hour
# before it (a learner's feature set, differently built than the reference's).
cat > /lab/incfeatures.py <<'PY'
import csv
import os

import numpy as np
import requests

PROM = os.environ.get("PROMETHEUS_URL", "http://prometheus:9090")
NAMES = ["rps", "errors", "latency", "cpu", "memory", "deploys"]


def mean(metric, start, end, fn=np.mean):
    body = requests.get(PROM + "/api/v1/query_range", timeout=60, params={
        "query": f'{metric}{{service="checkout"}}', "start": start, "end": end, "step": 60}).json()
    vals = [float(v) for _, v in body["data"]["result"][0]["values"]]
    return fn(vals)


def features(start, end):
    b0, b1 = start - 3600, start - 300
    return [
        mean("lab_requests_per_second", start, end) / mean("lab_requests_per_second", b0, b1),
        mean("lab_error_ratio", start, end),
        mean("lab_request_latency_seconds", start, end) / mean("lab_request_latency_seconds", b0, b1),
        mean("lab_cpu_utilization", start, end) / mean("lab_cpu_utilization", b0, b1),
        (mean("lab_memory_used_bytes", start, end, np.max) - mean("lab_memory_used_bytes", b0, b1)) / 1e6,
        mean("lab_deploys_total", start - 300, start + 300, lambda v: v[-1] - v[0]),
    ]


def labelled(path="/lab/incidents/labelled.csv"):
    with open(path) as fh:
        rows = list(csv.DictReader(fh))
    return [features(float(r["start"]), float(r["end"])) for r in rows], [r["class"] for r in rows]
PY
