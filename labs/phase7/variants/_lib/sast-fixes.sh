# The code fixes of task sast, as a learner makes them (included by sast variants that differ
# in their pipeline stage): a list of arguments instead of shell=True, autoescaping on, the
# debugger only when asked for.
set -euo pipefail
cd /workspace
python3 - <<'PY'
path = "app/app.py"
text = open(path).read()
for old, new in [
    ('subprocess.check_output(f"getent hosts {name}", shell=True, text=True)',
     'subprocess.check_output(["getent", "hosts", "--", name], text=True)'),
    ("from jinja2 import Environment\n", "from jinja2 import Environment, select_autoescape\n"),
    ("Environment(autoescape=False)", "Environment(autoescape=select_autoescape(default=True))"),
    ('app.run(host="0.0.0.0", port=8080, debug=True)',
     'app.run(host="0.0.0.0", port=8080, debug=os.environ.get("FLASK_DEBUG") == "1")'),
]:
    text = text.replace(old, new)
open(path, "w").write(text)
PY
add_stage() {   # add_stage "COMMANDS": the SAST stage of ci/pipeline.sh
  python3 - "$1" <<'PY'
import sys
path = "ci/pipeline.sh"
text = open(path).read()
marker = 'echo "== stage 2: SAST"\n'
if sys.argv[1] not in text:
    text = text.replace(marker, marker + sys.argv[1] + "\n", 1)
open(path, "w").write(text)
PY
}
