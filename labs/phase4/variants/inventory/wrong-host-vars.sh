#!/usr/bin/env bash
# expect: fail
# why: nginx_port written on each host line instead of once for the group
# feedback: group web
set -euo pipefail
cd /lab/ansible
cat > inventory.ini <<INI
[web]
web1 nginx_port=$LAB_PARAM_HTTP_PORT
web2 nginx_port=$LAB_PARAM_HTTP_PORT
INI
