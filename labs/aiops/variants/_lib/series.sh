# Shared by detect variants: /lab/promseries.py, a pandas Series of one query over a range.
cat > /lab/promseries.py <<'PY'
import os

import pandas as pd
import requests

PROM = os.environ.get("PROMETHEUS_URL", "http://prometheus:9090")


def series(query, start, end, step=60):
    values = []
    t = start
    while t <= end:
        e = min(t + 9999 * step, end)
        body = requests.get(PROM + "/api/v1/query_range",
                            params={"query": query, "start": t, "end": e, "step": step}, timeout=60).json()
        for r in body["data"]["result"][:1]:
            values += r["values"]
        t = e + step
    return pd.Series([float(v) for _, v in values], index=pd.to_datetime([float(t) for t, _ in values], unit="s"))


def runs(mask, gap=300, min_points=2):
    out = []
    for ts in mask.index[mask.values]:
        t = int(ts.timestamp())
        if out and t - out[-1][1] <= gap:
            out[-1][1] = t
            out[-1][2] += 1
        else:
            out.append([t, t, 1])
    return [{"start": s, "end": e} for s, e, n in out if n >= min_points]
PY
