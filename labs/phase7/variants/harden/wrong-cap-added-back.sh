#!/usr/bin/env bash
# expect: fail
# why: all capabilities dropped, then NET_BIND_SERVICE added back "so it can bind its port"
# feedback: still holds Linux capabilities
# include: _lib/service.sh
api_set user '"10001:10001"'
api_set read_only true
api_set cap_drop '[ALL]'
api_set cap_add '[NET_BIND_SERVICE]'
api_set security_opt '["no-new-privileges:true"]'
up
