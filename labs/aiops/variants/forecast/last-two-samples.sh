#!/usr/bin/env bash
# expect: fail
# why: the growth rate from the last two samples (one minute apart): the noise decides the answer
# feedback: volume (data|backups)
# include: _lib/disk.sh
set -euo pipefail
cat > /lab/forecast.py <<'PY'
import argparse

from diskdata import history, say

ap = argparse.ArgumentParser()
ap.add_argument("--volume", required=True)
used, cap, end = history(ap.parse_args().volume)
rate = (used.iloc[-1] - used.iloc[-2]) / 60
say(None if rate <= 0 else end + (cap - used.iloc[-1]) / rate)
PY
