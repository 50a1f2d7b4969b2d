#!/usr/bin/env bash
# expect: pass
# why: a YAML inventory with the group variable inline, ansible.cfg pointed at it
set -euo pipefail
cd /lab/ansible
sed -i 's/^inventory = .*/inventory = hosts.yml/' ansible.cfg
cat > hosts.yml <<YAML
all:
  children:
    web:
      hosts:
        web1: {}
        web2: {}
      vars:
        nginx_port: $LAB_PARAM_HTTP_PORT
YAML
ansible web -m ping -o >/dev/null
