#!/usr/bin/env bash
# expect: fail
# why: the capacity converted to GiB "to read it better", the usage left in bytes: every disk is already full
# feedback: too early
# include: _lib/disk.sh
set -euo pipefail
cat > /lab/forecast.py <<'PY'
import argparse

import numpy as np

from diskdata import history, say

ap = argparse.ArgumentParser()
ap.add_argument("--volume", required=True)
used, cap, end = history(ap.parse_args().volume)
cap_gib = cap / 2 ** 30
recent = used[used.index >= used.index[-1] - np.timedelta64(3, "D")]
x = np.array([ts.timestamp() for ts in recent.index])
slope, icpt = np.polyfit(x, recent.values, 1)
say(None if slope <= 0 else max(end, (cap_gib - icpt) / slope))
PY
