#!/usr/bin/env bash
# expect: pass
# why: a healthcheck.py copied into the image and run by HEALTHCHECK; the user made with useradd --system --user-group
# run_in: host
# needs: image, compose
# include: _lib/stack.sh
# include: _lib/edit.sh
set -euo pipefail
cat > healthcheck.py <<'PY'
"""Container health: the app must answer /healthz with 200 (it does only when Redis answers)."""
import sys
import urllib.error
import urllib.request

try:
    with urllib.request.urlopen("http://localhost:8000/healthz", timeout=3) as resp:
        sys.exit(0 if resp.status == 200 else 1)
except (urllib.error.URLError, OSError):
    sys.exit(1)
PY
sed -i 's/^RUN useradd --system --uid 10001 --home-dir \/app counter$/RUN useradd --system --user-group --home-dir \/app appuser/; s/^USER counter$/USER appuser/' Dockerfile
df_healthcheck 'HEALTHCHECK --interval=5s --timeout=5s --retries=3 CMD ["python3", "/usr/local/bin/healthcheck.py"]'
df_before_cmd 'COPY healthcheck.py /usr/local/bin/healthcheck.py'
apply
