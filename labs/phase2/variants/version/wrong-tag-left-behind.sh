#!/usr/bin/env bash
# expect: fail
# why: tagged a wrong version first, then the right one, and never deleted the wrong tag
# include: _lib/release.sh
# feedback: other release tags newer than
set -euo pipefail
set_version "$next"
git add pyproject.toml && git commit -q -m "chore(release): $next"
git tag -a "v$wrong" -m "Release $wrong"
git tag -a "v$next" -m "Release $next"
