#!/usr/bin/env bash
# expect: fail
# why: "a HEALTHCHECK is required": one that only proves python3 starts
# run_in: host
# needs: image, compose
# include: _lib/stack.sh
# include: _lib/edit.sh
# feedback: still reports healthy
set -euo pipefail
df_healthcheck "HEALTHCHECK --interval=3s CMD python3 -c 'print(1)'"
apply
