#!/usr/bin/env bash
# expect: pass
# why: Trivy's JSON reports read by a small Python gate (HIGH/CRITICAL misconfigurations, any secret), scanning app/ and ci/
# needs: sast
set -euo pipefail
cd /workspace
sed -i '/^# The token clients send/d; /^ENV API_TOKEN=/d' app/Dockerfile
python3 - <<'PY'
import re
path = "app/Dockerfile"
text = open(path).read()
if not re.search(r"(?m)^USER ", text):
    text = text.replace("EXPOSE 8080\n", "EXPOSE 8080\nRUN useradd --uid 10002 --no-create-home api\nUSER api\n", 1)
open(path, "w").write(text)
path = "ci/pipeline.sh"
text = open(path).read()
stage = """trivy config --quiet --format json -o /tmp/trivy-config.json app/
trivy fs --quiet --scanners secret --format json -o /tmp/trivy-secrets-app.json app
trivy fs --quiet --scanners secret --format json -o /tmp/trivy-secrets-ci.json ci
python3 - <<'GATE'
import json, sys
bad = []
for name in ("/tmp/trivy-config.json", "/tmp/trivy-secrets-app.json", "/tmp/trivy-secrets-ci.json"):
    for result in json.load(open(name)).get("Results") or []:
        bad += [f"{result['Target']}: {m['ID']} {m['Title']}" for m in result.get("Misconfigurations") or []
                if m.get("Status") == "FAIL" and m["Severity"] in ("HIGH", "CRITICAL")]
        bad += [f"{result['Target']}: secret {s['RuleID']}" for s in result.get("Secrets") or []]
print("\\n".join(bad))
sys.exit(1 if bad else 0)
GATE
"""
marker = 'echo "== stage 3: image and secret scan"\n'
if "trivy-config.json" not in text:
    text = text.replace(marker, marker + stage, 1)
open(path, "w").write(text)
PY
bash ci/pipeline.sh >/dev/null
