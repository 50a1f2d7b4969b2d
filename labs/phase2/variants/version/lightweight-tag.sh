#!/usr/bin/env bash
# expect: fail
# why: the right version, tagged with plain `git tag vX.Y.Z` (a lightweight tag)
# include: _lib/release.sh
# feedback: lightweight tag
set -euo pipefail
set_version "$next"
git add pyproject.toml && git commit -q -m "chore(release): $next"
git tag "v$next"
