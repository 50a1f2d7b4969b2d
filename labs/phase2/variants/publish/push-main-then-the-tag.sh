#!/usr/bin/env bash
# expect: pass
# why: `git push origin main`, then `git push origin vX.Y.Z`, then a look with `git ls-remote`
# needs: pipeline, changelog, version
# include: _lib/release.sh
set -euo pipefail
git push -q origin main
git push -q origin "v$next"
git ls-remote origin | grep -q "refs/tags/v$next"
