#!/usr/bin/env bash
# expect: pass
# why: one more setting managed with lineinfile (server_tokens off) that notifies the same handler
# needs: inventory, playbook
set -euo pipefail
cd /lab/ansible
cat >> roles/nginx/tasks/main.yml <<'YAML'

- name: Do not advertise the nginx version
  ansible.builtin.lineinfile:
    path: /etc/nginx/nginx.conf
    regexp: '^\s*#?\s*server_tokens'
    line: "        server_tokens off;"
  notify: Reload nginx
YAML
ansible-playbook site.yml >/dev/null
