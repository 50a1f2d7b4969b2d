# Shared by forecast variants: /lab/diskdata.py, a volume's usage and capacity as pandas Series
# over the whole history (found with a subquery), and the ISO/never printer.
cat > /lab/diskdata.py <<'PY'
import os
from datetime import datetime, timezone

import pandas as pd
import requests

PROM = os.environ.get("PROMETHEUS_URL", "http://prometheus:9090")


def get(path, **params):
    return requests.get(PROM + path, params=params, timeout=60).json()["data"]["result"]


def history(volume):
    sel = f'lab_disk_used_bytes{{volume="{volume}"}}'
    end = float(get("/api/v1/query", query="max_over_time(lab_history_end_timestamp_seconds[11d])")[0]["value"][1])
    values = []
    t = end - 10 * 86400
    while t <= end:
        e = min(t + 9999 * 60, end)
        values += get("/api/v1/query_range", query=sel, start=t, end=e, step=60)[0]["values"]
        t = e + 60
    used = pd.Series([float(v) for _, v in values], index=pd.to_datetime([float(x) for x, _ in values], unit="s", utc=True))
    cap = float(get("/api/v1/query_range", query=f'lab_disk_capacity_bytes{{volume="{volume}"}}',
                    start=end, end=end, step=60)[0]["values"][0][1])
    return used, cap, end


def say(ts):
    print("never" if ts is None else datetime.fromtimestamp(ts, timezone.utc).isoformat())
PY
