#!/usr/bin/env bash
# expect: pass
# why: StandardScaler + 1-nearest-neighbour over log-transformed features, model cached with joblib
# include: _lib/incident-features.sh
set -euo pipefail
cat > /lab/classify.py <<'PY'
import argparse
import os

import joblib
import numpy as np
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from incfeatures import features, labelled

MODEL = "/tmp/classify-knn.joblib"


def prep(rows):
    rows = np.asarray(rows, dtype=float)
    return np.column_stack([np.log(rows[:, 0]), rows[:, 1] * 10, np.log(rows[:, 2]), np.log(rows[:, 3]),
                            rows[:, 4] / 100, rows[:, 5]])


if os.path.exists(MODEL):
    model = joblib.load(MODEL)
else:
    X, y = labelled()
    model = make_pipeline(StandardScaler(), KNeighborsClassifier(n_neighbors=1)).fit(prep(X), y)
    joblib.dump(model, MODEL)
ap = argparse.ArgumentParser()
ap.add_argument("--start", type=float)
ap.add_argument("--end", type=float)
a = ap.parse_args()
print(model.predict(prep([features(a.start, a.end)]))[0])
PY
rm -f /tmp/classify-knn.joblib
