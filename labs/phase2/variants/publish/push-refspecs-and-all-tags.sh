#!/usr/bin/env bash
# expect: pass
# why: explicit refspecs `HEAD:refs/heads/main`, then `git push --tags`
# needs: pipeline, changelog, version
# include: _lib/release.sh
set -euo pipefail
git push -q origin HEAD:refs/heads/main
git push -q --tags origin
