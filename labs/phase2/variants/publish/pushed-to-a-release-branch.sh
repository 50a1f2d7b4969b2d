#!/usr/bin/env bash
# expect: fail
# why: pushed the work to a new branch release/X.Y.Z (and the tag), not to main
# needs: pipeline, changelog, version
# include: _lib/release.sh
# feedback: push main
set -euo pipefail
git push -q origin "main:release/$next"
git push -q origin "v$next"
