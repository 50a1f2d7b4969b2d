#!/usr/bin/env bash
# expect: pass
# why: standard library only: POSTed form queries (urllib), chunks of exactly 11,000 steps, HTTPError bodies read for the message
set -euo pipefail
cat > /lab/fetch.py <<'PY'
#!/usr/bin/env python3
import argparse
import csv
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request

PROM = os.environ.get("PROMETHEUS_URL", "http://prometheus:9090")


def api(query, start, end, step):
    data = urllib.parse.urlencode({"query": query, "start": start, "end": end, "step": step}).encode()
    try:
        with urllib.request.urlopen(PROM + "/api/v1/query_range", data=data, timeout=60) as resp:
            return json.load(resp)
    except urllib.error.HTTPError as err:
        return json.load(err)


def main():
    p = argparse.ArgumentParser()
    for name in ("query", "start", "end", "step", "out"):
        p.add_argument("--" + name, required=True)
    a = p.parse_args()
    start, end, step = float(a.start), float(a.end), float(a.step)
    out = {}
    s = start
    while s <= end:
        e = min(s + 10999 * step, end)
        body = api(a.query, s, e, step)
        if body.get("status") != "success":
            print(f"{body.get('errorType')}: {body.get('error')}", file=sys.stderr)
            return 2
        for r in body["data"]["result"]:
            out.setdefault(json.dumps(r["metric"], sort_keys=True), []).extend(r["values"])
        s = e + step
    if len(out) != 1:
        print(f"query matched {len(out)} series, need exactly 1", file=sys.stderr)
        return 2
    with open(a.out, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(("timestamp", "value"))
        w.writerows((int(t), v) for t, v in next(iter(out.values())))
    return 0


sys.exit(main())
PY
