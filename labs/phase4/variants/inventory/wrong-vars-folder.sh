#!/usr/bin/env bash
# expect: fail
# why: the variable file put in vars/web.yml, a folder Ansible does not read for groups
# feedback: nginx_port
set -euo pipefail
cd /lab/ansible
mkdir -p vars
printf '[web]\nweb1\nweb2\n' > inventory.ini
printf 'nginx_port: %s\n' "$LAB_PARAM_HTTP_PORT" > vars/web.yml
