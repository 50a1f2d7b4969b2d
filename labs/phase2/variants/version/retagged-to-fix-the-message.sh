#!/usr/bin/env bash
# expect: pass
# why: tags, notices a typo in the tag message and moves it with `git tag -f -a` onto the same commit
# include: _lib/release.sh
set -euo pipefail
set_version "$next"
git add pyproject.toml && git commit -q -m "chore: release $next"
git tag -a "v$next" -m "Relase $next"
git tag -f -a "v$next" -m "Release $next" >/dev/null
