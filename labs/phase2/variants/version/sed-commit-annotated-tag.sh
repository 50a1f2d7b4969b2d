#!/usr/bin/env bash
# expect: pass
# why: sed on pyproject.toml, a chore(release) commit, `git tag -a vX.Y.Z -m`
# include: _lib/release.sh
set -euo pipefail
set_version "$next"
git add pyproject.toml
git commit -q -m "chore(release): $next"
git tag -a "v$next" -m "Release $next"
