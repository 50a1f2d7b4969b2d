#!/usr/bin/env bash
# expect: fail
# why: installs curl in the final stage to write the classic `curl -f` HEALTHCHECK
# run_in: host
# needs: image, compose
# include: _lib/stack.sh
# include: _lib/edit.sh
# feedback: stay without curl
set -euo pipefail
sed -i 's/^RUN useradd --system --uid 10001/RUN apt-get update \&\& apt-get install -y --no-install-recommends curl \&\& rm -rf \/var\/lib\/apt\/lists\/*\nRUN useradd --system --uid 10001/' Dockerfile
df_healthcheck 'HEALTHCHECK --interval=3s CMD curl -fsS http://127.0.0.1:8000/healthz || exit 1'
apply
