#!/usr/bin/env bash
# expect: fail
# why: the HEALTHCHECK only opens a TCP connection to port 8000: the app listens even when Redis is gone
# run_in: host
# needs: image, compose
# include: _lib/stack.sh
# include: _lib/edit.sh
# feedback: still reports healthy
set -euo pipefail
df_healthcheck "HEALTHCHECK --interval=3s CMD python3 -c \"import socket; socket.create_connection(('127.0.0.1', 8000), timeout=3).close()\""
apply
