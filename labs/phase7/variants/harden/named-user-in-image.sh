#!/usr/bin/env bash
# expect: pass
# why: a named system user made in the image (useradd) and USER by name, the rest in compose.yaml
# include: _lib/service.sh
python3 - <<'PY'
text = open("app/Dockerfile").read()
if "useradd" not in text:
    text = text.replace("CMD [", "RUN useradd --system --no-create-home --shell /usr/sbin/nologin inventory\nUSER inventory\nCMD [", 1)
open("app/Dockerfile", "w").write(text)
PY
api_set read_only true
api_set cap_drop '[ALL]'
api_set security_opt '["no-new-privileges:true"]'
up
