#!/usr/bin/env bash
# expect: fail
# why: the textbook rule: anything beyond mean +- 3 standard deviations of the whole series
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
print(json.dumps(runs((s - s.mean()).abs() > 3 * s.std())))
PY
