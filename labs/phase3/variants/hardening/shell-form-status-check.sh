#!/usr/bin/env bash
# expect: pass
# why: a shell-form HEALTHCHECK whose one-liner exits 1 unless /healthz answers 200, a short interval
# run_in: host
# needs: image, compose
# include: _lib/stack.sh
# include: _lib/edit.sh
set -euo pipefail
df_healthcheck "HEALTHCHECK --interval=3s --timeout=5s CMD python3 -c \"import sys, urllib.request as u; sys.exit(0 if u.urlopen('http://localhost:8000/healthz', timeout=3).status == 200 else 1)\" || exit 1"
apply
