#!/usr/bin/env bash
# expect: fail
# why: the port written into the template as a number instead of the nginx_port variable
# feedback: nginx_port
# needs: inventory
# include: _lib/role.sh
LISTEN=8080
write_role
ansible-playbook site.yml >/dev/null
