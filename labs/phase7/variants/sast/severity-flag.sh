#!/usr/bin/env bash
# expect: pass
# why: bandit --recursive -lll with the tests excluded, and the medium findings (yaml.load, md5) fixed too
# include: _lib/sast-fixes.sh
python3 - <<'PY'
path = "app/app.py"
text = open(path).read()
text = text.replace("yaml.load(fh, Loader=yaml.Loader)", "yaml.safe_load(fh)")
text = text.replace("hashlib.md5(body.encode())", "hashlib.sha256(body.encode())")
open(path, "w").write(text)
PY
add_stage 'bandit --recursive -lll --exclude ./app/test_app.py app'
bash ci/pipeline.sh >/dev/null
