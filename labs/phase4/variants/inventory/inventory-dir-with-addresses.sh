#!/usr/bin/env bash
# expect: pass
# why: an inventory folder (hosts file + group_vars/web.yml) with each host's address given as ansible_host
set -euo pipefail
cd /lab/ansible
mkdir -p inventory/group_vars
{
  echo "[web]"
  for h in web1 web2; do echo "$h ansible_host=$(getent hosts "$h" | awk '{print $1}')"; done
} > inventory/hosts
printf -- '---\nnginx_port: %s\n' "$LAB_PARAM_HTTP_PORT" > inventory/group_vars/web.yml
sed -i 's/^inventory = .*/inventory = inventory/' ansible.cfg
ansible web -m ping -o >/dev/null
