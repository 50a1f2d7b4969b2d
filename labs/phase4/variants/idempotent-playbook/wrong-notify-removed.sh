#!/usr/bin/env bash
# expect: fail
# why: the template task's notify removed ("nginx reads its config at start anyway"): a drifted file is restored but never loaded
# feedback: old worker processes
# needs: inventory, playbook
set -euo pipefail
cd /lab/ansible
sed -i '/notify: Reload nginx/d' roles/nginx/tasks/main.yml
! grep -q notify roles/nginx/tasks/main.yml
ansible-playbook site.yml >/dev/null
