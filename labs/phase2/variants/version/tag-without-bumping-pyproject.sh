#!/usr/bin/env bash
# expect: fail
# why: the right annotated tag on the tip of main, but pyproject.toml still says the old version
# include: _lib/release.sh
# feedback: pyproject.toml in tag v.* must say version
set -euo pipefail
git tag -a "v$next" -m "Release $next"
