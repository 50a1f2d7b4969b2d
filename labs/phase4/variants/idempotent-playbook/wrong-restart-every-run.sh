#!/usr/bin/env bash
# expect: fail
# why: "make sure it picks up the config": the service task says state: restarted
# feedback: changed=
# needs: inventory, playbook
set -euo pipefail
cd /lab/ansible
python3 - <<'PY'
path = "roles/nginx/tasks/main.yml"
text = open(path).read()
text = text.replace("name: nginx\n    state: started", "name: nginx\n    state: restarted")
open(path, "w").write(text)
PY
grep -q "state: restarted" roles/nginx/tasks/main.yml
ansible-playbook site.yml >/dev/null
