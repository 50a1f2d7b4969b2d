#!/usr/bin/env bash
# expect: fail
# why: the group called webservers (the tutorials' name), so `ansible web` matches nothing
# feedback: no group web
set -euo pipefail
cd /lab/ansible
mkdir -p group_vars
printf '[webservers]\nweb1\nweb2\n' > inventory.ini
printf 'nginx_port: %s\n' "$LAB_PARAM_HTTP_PORT" > group_vars/webservers.yml
