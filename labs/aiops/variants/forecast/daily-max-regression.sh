#!/usr/bin/env bash
# expect: pass
# why: a line through the daily maxima of 30-minute means over the last three whole days (24 h windows back from the end); a flat trend is never
# include: _lib/disk.sh
set -euo pipefail
cat > /lab/forecast.py <<'PY'
import argparse

import numpy as np

from diskdata import history, say

ap = argparse.ArgumentParser()
ap.add_argument("--volume", required=True)
used, cap, end = history(ap.parse_args().volume)
t = np.array([ts.timestamp() for ts in used.index])
smooth = used.rolling(30, min_periods=1).mean().values   # one noisy minute must not be the maximum
xs, ys = [], []
for k in range(3):
    window = (t > end - (k + 1) * 86400) & (t <= end - k * 86400)
    i = np.argmax(np.where(window, smooth, -1))
    xs.append(t[i])
    ys.append(smooth[i])
slope, icpt = np.polyfit(xs, ys, 1)
if slope * 86400 < 0.001 * cap:
    say(None)
else:
    say(max(end, (cap - icpt) / slope))
PY
