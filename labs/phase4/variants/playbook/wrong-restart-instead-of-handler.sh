#!/usr/bin/env bash
# expect: fail
# why: no handler: the service task restarts nginx on every run instead
# feedback: notifies no handler
# needs: inventory
# include: _lib/role.sh
NOTIFY=
SERVICE_STATE=restarted
write_role
ansible-playbook site.yml >/dev/null
