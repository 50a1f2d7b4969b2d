#!/usr/bin/env bash
# expect: fail
# why: a "baseline model" that predicts the most frequent class of the labelled file
# feedback: got 2 of the 8
set -euo pipefail
cat > /lab/classify.py <<'PY'
import collections
import csv

with open("/lab/incidents/labelled.csv") as fh:
    classes = [row["class"] for row in csv.DictReader(fh)]
print(sorted(collections.Counter(classes).items(), key=lambda kv: (-kv[1], kv[0]))[0][0])
PY
