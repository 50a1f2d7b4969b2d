#!/usr/bin/env bash
# expect: fail
# why: a semicolon missing in the server block: the reload fails, and the learner does not read the recap
# feedback: failed|does not load
# needs: inventory
# include: _lib/role.sh
LISTEN='{{ nginx_port }} default_server; root /var/www/html index index.html'
write_role
ansible-playbook site.yml >/dev/null || true
