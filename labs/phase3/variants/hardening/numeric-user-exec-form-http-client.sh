#!/usr/bin/env bash
# expect: pass
# why: USER given as uid:gid, an exec-form HEALTHCHECK with http.client that fails on any status but 200
# run_in: host
# needs: image, compose
# include: _lib/stack.sh
# include: _lib/edit.sh
set -euo pipefail
sed -i 's/^USER counter$/USER 10001:10001/' Dockerfile
df_healthcheck 'HEALTHCHECK --interval=3s --timeout=5s CMD ["python3", "-c", "import http.client, sys; c = http.client.HTTPConnection(\"127.0.0.1\", 8000, timeout=4); c.request(\"GET\", \"/healthz\"); sys.exit(0 if c.getresponse().status == 200 else 1)"]'
apply
