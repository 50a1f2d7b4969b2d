#!/usr/bin/env bash
# expect: pass
# why: mem_limit written in bytes, restart: always on web and on-failure on redis
# run_in: host
# needs: image, compose
# include: _lib/stack.sh
set -euo pipefail
sed -i "s/^    mem_limit: .*/    mem_limit: $((LAB_PARAM_MEMORY_MB * 1024 * 1024))/" docker-compose.yml
python3 - <<'PY'
from pathlib import Path

p = Path("docker-compose.yml")
t = p.read_text()
first = t.index("    restart: unless-stopped")
t = t[:first] + "    restart: always" + t[first + len("    restart: unless-stopped"):]
p.write_text(t.replace("    restart: unless-stopped", "    restart: on-failure"))
PY
dc up -d >/dev/null 2>&1
wait_web
