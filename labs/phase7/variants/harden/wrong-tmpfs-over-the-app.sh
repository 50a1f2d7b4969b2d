#!/usr/bin/env bash
# expect: fail
# why: "the app writes in its folder": a tmpfs mounted on /app, which hides the code, so the service does not start
# feedback: stopped|does not answer|not running
# alone: true
# include: _lib/service.sh
api_set user '"10001:10001"'
api_set read_only true
api_set tmpfs '[/app]'
api_set cap_drop '[ALL]'
api_set security_opt '["no-new-privileges:true"]'
dc up -d --build >/dev/null 2>&1
sleep 5
