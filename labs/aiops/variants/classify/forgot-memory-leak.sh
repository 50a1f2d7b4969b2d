#!/usr/bin/env bash
# expect: fail
# why: rules on traffic, errors and latency only: memory is never looked at, so leaks come out as something else
# feedback: memory_leak 0/2
# include: _lib/incident-features.sh
set -euo pipefail
cat > /lab/classify.py <<'PY'
import argparse

from incfeatures import features

ap = argparse.ArgumentParser()
ap.add_argument("--start", type=float)
ap.add_argument("--end", type=float)
a = ap.parse_args()
rps, errors, latency, cpu, memory, deploys = features(a.start, a.end)
if rps > 1.8:
    print("overload")
elif deploys > 0:
    print("bad_deploy")
else:
    print("dependency_failure")
PY
