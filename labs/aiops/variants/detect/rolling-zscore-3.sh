#!/usr/bin/env bash
# expect: fail
# why: a trailing one-hour mean/stdev z-score above 3: it follows the seasons but flags the noise all day long
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
mean, std = s.rolling(60).mean().shift(1), s.rolling(60).std().shift(1)
print(json.dumps(runs(((s - mean) / std).abs() > 3, min_points=1)))
PY
