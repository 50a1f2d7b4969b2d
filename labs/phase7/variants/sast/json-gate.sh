#!/usr/bin/env bash
# expect: pass
# why: bandit's JSON report read by a few lines of Python that fail only on HIGH severity
# include: _lib/sast-fixes.sh
add_stage "bandit -q -r app -f json -o /tmp/bandit.json || true
python3 - <<'PY'
import json, sys
high = [r for r in json.load(open('/tmp/bandit.json'))['results'] if r['issue_severity'] == 'HIGH']
for r in high:
    print(f\"{r['filename']}:{r['line_number']} {r['test_id']} {r['issue_text']}\")
sys.exit(1 if high else 0)
PY"
bash ci/pipeline.sh >/dev/null
