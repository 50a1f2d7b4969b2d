#!/usr/bin/env bash
# expect: fail
# why: a non-root user, no capabilities and no-new-privileges, but the root filesystem left writable
# feedback: writable
# include: _lib/service.sh
api_set user '"10001:10001"'
api_set cap_drop '[ALL]'
api_set security_opt '["no-new-privileges:true"]'
up
