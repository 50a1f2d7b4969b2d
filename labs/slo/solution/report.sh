#!/bin/bash
# Derive the report's numbers from the measured capacity (the capacity task's solution).
set -euo pipefail
python3 - <<'PY'
import math, os, yaml

path = "/lab/capacity/report.yaml"
report = yaml.safe_load(open(path))
capacity = float(report["capacity_rps"])
peak = int(os.environ["LAB_PARAM_PEAK_RPS"])
report["headroom_pct"] = round((capacity - peak) / peak * 100, 1)
report["instances_for_peak"] = math.ceil(peak / (0.8 * capacity))
yaml.safe_dump(report, open(path, "w"), sort_keys=False)
print(report)
PY
