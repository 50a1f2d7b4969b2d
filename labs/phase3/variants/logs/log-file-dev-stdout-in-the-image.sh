#!/usr/bin/env bash
# expect: pass
# why: LOG_FILE=/dev/stdout set with ENV in the image (not a secret), taken out of app.env; max-file 5
# run_in: host
# needs: image, compose
# include: _lib/stack.sh
# include: _lib/edit.sh
set -euo pipefail
drop_setting LOG_FILE
df_before_cmd "ENV LOG_FILE=/dev/stdout"
sed -i 's/^        max-file: .*/        max-file: "5"/' docker-compose.yml
apply
