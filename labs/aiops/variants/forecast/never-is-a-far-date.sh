#!/usr/bin/env bash
# expect: fail
# why: the reference method, but a volume that does not grow gets a date in 9999 instead of never
# feedback: volume logs
# include: _lib/disk.sh
set -euo pipefail
cat > /lab/forecast.py <<'PY'
import argparse

import numpy as np

from diskdata import history

ap = argparse.ArgumentParser()
ap.add_argument("--volume", required=True)
used, cap, end = history(ap.parse_args().volume)
t = np.array([ts.timestamp() for ts in used.index])
days = [(end - (k + 1) * 86400, end - k * 86400) for k in range(3)]
x = [(a + b) / 2 for a, b in days]
y = [used.values[(t > a) & (t <= b)].mean() for a, b in days]
slope, icpt = np.polyfit(x, y, 1)
from datetime import datetime, timezone
if slope <= 0 or (cap - icpt) / slope > 253402214400:
    print("9999-12-31T00:00:00+00:00")
else:
    print(datetime.fromtimestamp(max(end, (cap - icpt) / slope), timezone.utc).isoformat())
PY
