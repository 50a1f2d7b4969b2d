#!/usr/bin/env bash
# expect: pass
# why: USER 65534 in the Dockerfile instead of compose's user:, cap_drop in lower case, the bare no-new-privileges option
# include: _lib/service.sh
python3 - <<'PY'
text = open("app/Dockerfile").read()
if "\nUSER " not in text:
    text = text.replace("CMD [", "USER 65534:65534\nCMD [", 1)
open("app/Dockerfile", "w").write(text)
PY
api_set read_only true
api_set cap_drop '[all]'
api_set security_opt '[no-new-privileges]'
up
