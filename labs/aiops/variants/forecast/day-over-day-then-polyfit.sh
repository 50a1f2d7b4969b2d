#!/usr/bin/env bash
# expect: pass
# why: growth decided by comparing the last two 24-hour means; if it grows, numpy.polyfit on 30-minute means of the last 48 hours
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
last = used.values[t > end - 86400].mean()
prev = used.values[(t > end - 2 * 86400) & (t <= end - 86400)].mean()
if last - prev < 0.002 * cap:
    say(None)
else:
    recent = used[t > end - 2 * 86400].resample("30min").mean().dropna()
    x = np.array([ts.timestamp() for ts in recent.index])
    slope, icpt = np.polyfit(x, recent.values, 1)
    say(max(end, (cap - icpt) / slope))
PY
