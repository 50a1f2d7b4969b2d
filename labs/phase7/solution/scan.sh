#!/bin/bash
# Reference solution of task scan (in the toolbox, /workspace = the env's workspace): the
# Dockerfile runs as a non-root user (Trivy's HIGH AVD-DS-0002) and holds no token in ENV
# (CRITICAL AVD-DS-0031), and stage 3 of the pipeline
# fails on HIGH/CRITICAL misconfigurations of app/ and on any secret in the code.
set -euo pipefail
cd /workspace

python3 - <<'PY'
import re
path = "app/Dockerfile"
text = open(path).read()
# the token in ENV is a CRITICAL finding too (AVD-DS-0031); task secrets removes it as well
text = re.sub(r"(?m)^# The token clients send.*\n", "", text)
text = re.sub(r"(?m)^ENV API_TOKEN=.*\n", "", text)
open(path, "w").write(text)
if not re.search(r"(?m)^USER\s+(?!root\b|0\b)\S+", text):
    text = re.sub(r"(?m)^(CMD .*)$", "USER 10001:10001\n\\1", text, count=1)
    open(path, "w").write(text)

path = "ci/pipeline.sh"
text = open(path).read()
stage = (
    "trivy config --quiet --exit-code 1 --severity HIGH,CRITICAL app/\n"
    "trivy fs --quiet --scanners secret --exit-code 1 --skip-dirs secrets --skip-dirs repo .\n"
)
if stage not in text:
    text = text.replace('echo "== stage 3: image and secret scan"\n', 'echo "== stage 3: image and secret scan"\n' + stage, 1)
open(path, "w").write(text)
PY

trivy config --quiet --exit-code 1 --severity HIGH,CRITICAL app/
