#!/usr/bin/env bash
# expect: fail
# why: the right section, appended at the bottom of the file, below the previous release
# include: _lib/release.sh
# include: _lib/changelog.sh
# feedback: must come before \(above\)
set -euo pipefail
{
  echo; echo "## [$next] - 2024-06-01"; echo
  if [ -n "$breaking" ]; then echo "### ⚠ BREAKING CHANGES"; echo; echo "- $breaking"; echo; fi
  if [ -n "$feats" ]; then echo "### Features"; echo; bullets <<<"$feats"; echo; fi
  echo "### Bug Fixes"; echo; bullets <<<"$fixes"
} >> CHANGELOG.md
git add CHANGELOG.md && git commit -q -m "docs: changelog"
