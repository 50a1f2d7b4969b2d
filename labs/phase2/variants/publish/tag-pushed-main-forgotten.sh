#!/usr/bin/env bash
# expect: fail
# why: only the tag pushed: main on the server stays at the old commit
# needs: pipeline, changelog, version
# include: _lib/release.sh
# feedback: does not contain the release commit
set -euo pipefail
git push -q origin "v$next"
