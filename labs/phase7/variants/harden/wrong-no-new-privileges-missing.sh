#!/usr/bin/env bash
# expect: fail
# why: user, read-only and cap_drop, but security_opt forgotten
# feedback: gain privileges
# include: _lib/service.sh
api_set user '"10001:10001"'
api_set read_only true
api_set cap_drop '[ALL]'
up
