#!/usr/bin/env bash
# expect: fail
# why: a good model, but it prints the class probabilities (a dict) instead of the class name
# feedback: should print one of
# include: _lib/incident-features.sh
set -euo pipefail
cat > /lab/classify.py <<'PY'
import argparse

from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from incfeatures import features, labelled

ap = argparse.ArgumentParser()
ap.add_argument("--start", type=float)
ap.add_argument("--end", type=float)
a = ap.parse_args()
X, y = labelled()
model = make_pipeline(StandardScaler(), KNeighborsClassifier(n_neighbors=1)).fit(X, y)
proba = model.predict_proba([features(a.start, a.end)])[0]
print({c: round(float(p), 2) for c, p in zip(model.classes_, proba)})
PY
