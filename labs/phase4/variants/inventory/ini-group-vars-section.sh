#!/usr/bin/env bash
# expect: pass
# why: INI with a [web:vars] section and a parent group of its own
set -euo pipefail
cd /lab/ansible
cat > inventory.ini <<INI
[web]
web1
web2

[web:vars]
nginx_port=$LAB_PARAM_HTTP_PORT

[production:children]
web
INI
ansible web -m ping -o >/dev/null
