#!/usr/bin/env bash
# expect: pass
# why: LOG_FILE given in an environment: block of web (out of the env file), logging options written inline
# run_in: host
# needs: image, compose
# include: _lib/stack.sh
# include: _lib/edit.sh
set -euo pipefail
drop_setting LOG_FILE
python3 - <<'PY'
import os
import re
from pathlib import Path

p = Path("docker-compose.yml")
t = p.read_text()
t = re.sub(r"    logging:\n      driver: json-file\n      options:\n(        .*\n)+",
           "    logging: {driver: json-file, options: {max-size: \"%s\", max-file: \"2\"}}\n"
           % os.environ["LAB_PARAM_LOG_MAX_SIZE"], t, count=1)
p.write_text(t)
PY
if grep -q '^    environment:$' docker-compose.yml; then
  sed -i 's/^    environment:$/    environment:\n      LOG_FILE: "-"/' docker-compose.yml
else
  web_add "environment:" '  LOG_FILE: "-"'
fi
dc up -d >/dev/null 2>&1
wait_web
