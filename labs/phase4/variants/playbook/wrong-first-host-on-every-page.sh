#!/usr/bin/env bash
# expect: fail
# why: the page names groups['web'][0], the first server, on every server
# feedback: name its host
# needs: inventory
# include: _lib/role.sh
PAGE_HOST="{{ groups['web'][0] }}"
write_role
ansible-playbook site.yml >/dev/null
