#!/usr/bin/env bash
# expect: fail
# why: the right version and an annotated tag, named X.Y.Z without the v
# include: _lib/release.sh
# feedback: without the v
set -euo pipefail
set_version "$next"
git add pyproject.toml && git commit -q -m "chore(release): $next"
git tag -a "$next" -m "Release $next"
