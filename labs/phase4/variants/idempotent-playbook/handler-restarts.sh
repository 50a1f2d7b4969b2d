#!/usr/bin/env bash
# expect: pass
# why: the handler restarts nginx instead of reloading it; the playbook run until the recap says changed=0
# needs: inventory, playbook
set -euo pipefail
cd /lab/ansible
sed -i 's/state: reloaded/state: restarted/' roles/nginx/handlers/main.yml
ansible-playbook site.yml >/dev/null
ansible-playbook site.yml | grep -q 'changed=0'
