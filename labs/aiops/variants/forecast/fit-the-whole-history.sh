#!/usr/bin/env bash
# expect: fail
# why: numpy.polyfit over all ten days: the backups cleanup drags the slope down
# feedback: volume backups
# include: _lib/disk.sh
set -euo pipefail
cat > /lab/forecast.py <<'PY'
import argparse

import numpy as np

from diskdata import history, say

ap = argparse.ArgumentParser()
ap.add_argument("--volume", required=True)
used, cap, end = history(ap.parse_args().volume)
x = np.array([ts.timestamp() for ts in used.index])
slope, icpt = np.polyfit(x, used.values, 1)
say(None if slope <= 0 or (cap - icpt) / slope - end > 365 * 86400 else max(end, (cap - icpt) / slope))
PY
