#!/usr/bin/env bash
# expect: pass
# why: pandas daily means (whole calendar days), the last day-over-day drop marks a cleanup, fit on the days after it
# include: _lib/disk.sh
set -euo pipefail
cat > /lab/forecast.py <<'PY'
import argparse

import numpy as np

from diskdata import history, say

ap = argparse.ArgumentParser()
ap.add_argument("--volume", required=True)
used, cap, end = history(ap.parse_args().volume)
daily = used.resample("1D").agg(["mean", "count"])
daily = daily[daily["count"] >= 1380]["mean"]          # whole days only
diffs = daily.diff()
drops = np.flatnonzero(diffs.values < -0.02 * cap)
if len(drops):
    daily = daily.iloc[drops[-1] + 1:]  # the first whole day after the drop
x = np.array([(ts.timestamp() + 43200) for ts in daily.index])
slope, icpt = np.polyfit(x, daily.values, 1)
if len(daily) < 2 or slope <= 0.001 * cap / 86400:
    say(None)
else:
    say(max(end, (cap - icpt) / slope))
PY
