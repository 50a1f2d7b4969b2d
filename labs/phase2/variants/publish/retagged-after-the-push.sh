#!/usr/bin/env bash
# expect: fail
# why: pushed main and the tag, then fixed the version commit, moved the tag locally and only pushed main again
# needs: pipeline, changelog, version
# include: _lib/release.sh
# feedback: points at .*, yours at
set -euo pipefail
git push -q --follow-tags origin main
echo "Released as v$next." >> README.md
git commit -q -m "docs: mention the release" README.md
git tag -f -a "v$next" -m "Release $next" >/dev/null
git push -q origin main
