#!/usr/bin/env bash
# expect: fail
# why: read-only, no capabilities, no-new-privileges, but the user left as it is (root)
# feedback: uid 0
# include: _lib/service.sh
api_set read_only true
api_set cap_drop '[ALL]'
api_set security_opt '["no-new-privileges:true"]'
up
