#!/usr/bin/env bash
# expect: fail
# why: a minor bump for a release whose feat(api)! commit (and BREAKING CHANGE footer) calls for a major one
# include: _lib/release.sh
# params: bump=major
# feedback: is that the right bump\?
set -euo pipefail
minor="$LAB_PARAM_PREV_MAJOR.$((LAB_PARAM_PREV_MINOR + 1)).0"
set_version "$minor"
git add pyproject.toml && git commit -q -m "chore(release): $minor"
git tag -a "v$minor" -m "Release $minor"
