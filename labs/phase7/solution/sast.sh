#!/bin/bash
# Reference solution of task sast (in the toolbox, /workspace = the env's workspace):
# fix the high (and medium) bandit findings in app/app.py, and gate the pipeline on
# high-severity findings.
set -euo pipefail
cd /workspace

python3 - <<'PY'
path = "app/app.py"
text = open(path).read()
for old, new in [
    ('subprocess.check_output(f"getent hosts {name}", shell=True, text=True)',
     'subprocess.check_output(["getent", "hosts", name], text=True)'),
    ("Environment(autoescape=False)", "Environment(autoescape=True)"),
    ("debug=True", "debug=False"),
    ("yaml.load(fh, Loader=yaml.Loader)", "yaml.safe_load(fh)"),
    ("hashlib.md5(body.encode())", "hashlib.sha256(body.encode())"),
]:
    text = text.replace(old, new)
open(path, "w").write(text)

path = "ci/pipeline.sh"
text = open(path).read()
stage = "bandit -q -r app -lll   # fails on high-severity findings only\n"
if stage not in text:
    text = text.replace('echo "== stage 2: SAST"\n', 'echo "== stage 2: SAST"\n' + stage, 1)
open(path, "w").write(text)
PY

bash ci/pipeline.sh
