#!/usr/bin/env bash
# expect: pass
# why: compose's user: with a uid:gid, a tmpfs for /tmp, and security_opt written no-new-privileges=true
# include: _lib/service.sh
api_set user '"10001:10001"'
api_set read_only true
api_set tmpfs '["/tmp:size=16m"]'
api_set cap_drop '[ALL]'
api_set security_opt '["no-new-privileges=true"]'
up
