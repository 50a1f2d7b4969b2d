#!/usr/bin/env bash
# expect: pass
# why: the host name validated with a regular expression before it goes to getent (no shell), escaping on, no debug
set -euo pipefail
cd /workspace
python3 - <<'PY'
path = "app/app.py"
text = open(path).read()
text = text.replace("import subprocess\n", "import re\nimport subprocess\n", 1)
text = text.replace('''    name = request.args.get("name", "localhost")
    try:
        out = subprocess.check_output(f"getent hosts {name}", shell=True, text=True)''', '''    name = request.args.get("name", "localhost")
    if not re.fullmatch(r"[A-Za-z0-9.-]{1,253}", name):
        abort(400)
    try:
        out = subprocess.run(["getent", "hosts", name], capture_output=True, text=True, check=True).stdout''')
text = text.replace("Environment(autoescape=False)", "Environment(autoescape=True)")
text = text.replace("debug=True", "debug=False")
open(path, "w").write(text)
PY
python3 - <<'PY'
path = "ci/pipeline.sh"
text = open(path).read()
text = text.replace('echo "== stage 2: SAST"\n', 'echo "== stage 2: SAST"\nbandit -q -r app -lll\n', 1)
open(path, "w").write(text)
PY
bash ci/pipeline.sh >/dev/null
