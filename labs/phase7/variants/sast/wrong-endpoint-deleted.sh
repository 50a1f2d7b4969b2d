#!/usr/bin/env bash
# expect: fail
# why: the vulnerable /resolve endpoint deleted instead of fixed (bandit is happy, the unit tests are not)
# feedback: unit tests
set -euo pipefail
cd /workspace
python3 - <<'PY'
path = "app/app.py"
text = open(path).read()
start, end = text.index('@app.get("/resolve")'), text.index("REPORT = Environment(")
text = text[:start] + text[end:]
text = text.replace("Environment(autoescape=False)", "Environment(autoescape=True)").replace("debug=True", "debug=False")
open(path, "w").write(text)
PY
sed -i 's/^echo "== stage 2: SAST"$/echo "== stage 2: SAST"\nbandit -q -r app -lll/' ci/pipeline.sh
