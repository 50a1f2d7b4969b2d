#!/usr/bin/env bash
# expect: fail
# why: a good seasonal baseline, but only values above it count ("latency anomalies are slowdowns"): the dips are missed
# feedback: recall
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
r = s / s.rolling("180min", center=True, min_periods=10).median() - 1
mad = (r - r.median()).abs().median() * 1.4826
print(json.dumps(runs(r / mad > 6)))
PY
