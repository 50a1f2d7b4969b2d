#!/usr/bin/env bash
# expect: pass
# why: the conventional-changelog layout: `## [X.Y.Z](.../compare/vPREV...vX.Y.Z) (date)`, `* **scope:** description` bullets
# include: _lib/release.sh
# include: _lib/changelog.sh
set -euo pipefail
{
  echo "## [$next](https://git.example.com/team/$LAB_PARAM_REPO/compare/v$prev...v$next) (2024-06-01)"
  echo
  if [ -n "$breaking" ]; then echo "### ⚠ BREAKING CHANGES"; echo; echo "* $breaking"; echo; fi
  if [ -n "$feats" ]; then echo "### Features"; echo; bullets <<<"$feats"; echo; fi
  echo "### Bug Fixes"; echo; bullets <<<"$fixes"; echo
} > /tmp/section.md
insert_section /tmp/section.md
git add CHANGELOG.md && git commit -q -m "docs(changelog): $next"
