#!/usr/bin/env bash
# expect: pass
# why: a command task that tests the configuration (nginx -t) kept, marked changed_when: false
# needs: inventory, playbook
set -euo pipefail
cd /lab/ansible
python3 - <<'PY'
path = "roles/nginx/tasks/main.yml"
text = open(path).read()
if "nginx -t" not in text:
    text += """
- name: The configuration is valid
  ansible.builtin.command: nginx -t
  changed_when: false
"""
    open(path, "w").write(text)
PY
ansible-playbook site.yml >/dev/null
