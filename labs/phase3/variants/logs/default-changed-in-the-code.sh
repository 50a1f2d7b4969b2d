#!/usr/bin/env bash
# expect: fail
# why: changes setup_logging()'s default to stdout in server.py instead of configuring LOG_FILE
# run_in: host
# needs: image, compose
# include: _lib/stack.sh
# include: _lib/edit.sh
# feedback: not the app's own
set -euo pipefail
drop_setting LOG_FILE
sed -i 's|    target = os.environ.get("LOG_FILE", "/var/log/counter/app.log")|    target = os.environ.get("LOG_FILE", "-")|' app/counter/server.py
apply
