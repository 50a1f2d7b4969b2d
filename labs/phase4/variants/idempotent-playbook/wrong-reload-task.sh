#!/usr/bin/env bash
# expect: fail
# why: the handler replaced by a last task that runs `nginx -s reload` on every run
# feedback: changed=
# needs: inventory, playbook
set -euo pipefail
cd /lab/ansible
cat >> roles/nginx/tasks/main.yml <<'YAML'

- name: Apply the configuration
  ansible.builtin.command: nginx -s reload
YAML
ansible-playbook site.yml >/dev/null
