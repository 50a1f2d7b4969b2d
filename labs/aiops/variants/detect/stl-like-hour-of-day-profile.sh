#!/usr/bin/env bash
# expect: pass
# why: a daily profile (median per minute of the day over the whole range) removed, then a rolling-median level and a MAD z-score
# include: _lib/series.sh
set -euo pipefail
cat > /lab/detect.py <<'PY'
import argparse
import json

import numpy as np

from promseries import runs, series

ap = argparse.ArgumentParser()
ap.add_argument("--service", required=True)
ap.add_argument("--start", type=float, required=True)
ap.add_argument("--end", type=float, required=True)
args = ap.parse_args()
s = np.log(series(f'lab_request_latency_seconds{{service="{args.service}"}}', args.start, args.end))
minute = s.index.hour * 60 + s.index.minute
profile = s.groupby(minute).transform("median")
deseason = s - profile
level = deseason.rolling("360min", center=True, min_periods=30).median()
resid = deseason - level
mad = np.median(np.abs(resid - np.median(resid))) * 1.4826
print(json.dumps(runs(resid.abs() > 7 * mad)))
PY
