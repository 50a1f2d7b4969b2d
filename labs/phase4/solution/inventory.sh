#!/bin/bash
# Reference solution: an INI inventory with the group web, and its variables in group_vars/.
set -euo pipefail
cd /lab/ansible
cat > inventory.ini <<'INI'
[web]
web1
web2
INI
mkdir -p group_vars
cat > group_vars/web.yml <<YAML
nginx_port: ${LAB_PARAM_HTTP_PORT}
YAML
ansible web -m ping -o
