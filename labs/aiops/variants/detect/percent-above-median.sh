#!/usr/bin/env bash
# expect: fail
# why: "more than 10% off the 3-hour median" flags the noise and the daily slopes: long intervals, mostly false alarms
# feedback: false alarms
# include: _lib/series.sh
set -euo pipefail
cat > /lab/detect.py <<'PY'
import argparse
import json

from promseries import runs, series

ap = argparse.ArgumentParser()
ap.add_argument("--service")
ap.add_argument("--start", type=float)
ap.add_argument("--end", type=float)
a = ap.parse_args()
s = series(f'lab_request_latency_seconds{{service="{a.service}"}}', a.start, a.end)
r = s / s.rolling("180min", min_periods=10).median() - 1
print(json.dumps(runs(r.abs() > 0.06, gap=600, min_points=1)))
PY
