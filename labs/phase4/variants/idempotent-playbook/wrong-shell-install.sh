#!/usr/bin/env bash
# expect: fail
# why: nginx installed with `shell: apt-get install -y nginx`, which reports changed on every run
# feedback: changed=
# needs: inventory, playbook
set -euo pipefail
cd /lab/ansible
python3 - <<'PY'
import re
path = "roles/nginx/tasks/main.yml"
text = open(path).read()
text = re.sub(r"ansible\.builtin\.apt:\n\s+name: nginx\n\s+state: present", "ansible.builtin.shell: apt-get install -y nginx", text)
open(path, "w").write(text)
PY
grep -q "shell: apt-get" roles/nginx/tasks/main.yml
ansible-playbook site.yml >/dev/null
