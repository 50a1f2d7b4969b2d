#!/usr/bin/env bash
# expect: pass
# why: IsolationForest over (log residual against a 2-hour centred median, its 5-minute mean), contamination 1%
# include: _lib/series.sh
set -euo pipefail
cat > /lab/detect.py <<'PY'
import argparse
import json

import numpy as np
import pandas as pd
from sklearn.ensemble import IsolationForest

from promseries import runs, series

ap = argparse.ArgumentParser()
ap.add_argument("--service", required=True)
ap.add_argument("--start", type=float, required=True)
ap.add_argument("--end", type=float, required=True)
a = ap.parse_args()
s = series(f'lab_request_latency_seconds{{service="{a.service}"}}', a.start, a.end)
resid = np.log(s / s.rolling("120min", center=True, min_periods=5).median())
feats = np.column_stack([resid, resid.rolling(5, center=True, min_periods=1).mean()])
model = IsolationForest(contamination=0.01, random_state=0).fit(feats)
outlier = model.predict(feats) == -1
scale = (resid - resid.median()).abs().median() * 1.4826
mask = outlier & (resid.abs() > 4 * scale).values
print(json.dumps(runs(pd.Series(mask, index=s.index))))
PY
