#!/usr/bin/env bash
# expect: pass
# why: seasonal baseline: the median of the same minute on the previous three days (a 2-hour median until there are any), ratio with a fixed band
# include: _lib/series.sh
set -euo pipefail
cat > /lab/detect.py <<'PY'
import argparse
import json

import pandas as pd

from promseries import runs, series

p = argparse.ArgumentParser()
p.add_argument("--service")
p.add_argument("--start", type=float)
p.add_argument("--end", type=float)
a = p.parse_args()
s = series(f'lab_request_latency_seconds{{service="{a.service}"}}', a.start - 3 * 86400, a.end)
smooth = s.rolling(15, center=True, min_periods=1).median()
lags = pd.concat([smooth.shift(freq=f"{d}D") for d in (1, 2, 3)], axis=1).reindex(s.index)
baseline = lags.median(axis=1).fillna(s.rolling("120min", center=True, min_periods=5).median())
ratio = s / baseline
mask = ((ratio > 1.45) | (ratio < 0.62)) & (s.index >= pd.to_datetime(a.start, unit="s"))
print(json.dumps(runs(mask, min_points=3)))
PY
