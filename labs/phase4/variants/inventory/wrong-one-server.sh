#!/usr/bin/env bash
# expect: fail
# why: only web1 in the group ("web2 is its twin")
# feedback: exactly the servers
set -euo pipefail
cd /lab/ansible
mkdir -p group_vars
printf '[web]\nweb1\n' > inventory.ini
printf 'nginx_port: %s\n' "$LAB_PARAM_HTTP_PORT" > group_vars/web.yml
