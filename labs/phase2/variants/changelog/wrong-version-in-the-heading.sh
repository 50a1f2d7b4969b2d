#!/usr/bin/env bash
# expect: fail
# why: the commits listed right, under a heading with another bump than they call for
# include: _lib/release.sh
# include: _lib/changelog.sh
# feedback: no heading names the version
set -euo pipefail
{
  echo "## [$wrong] - 2024-06-01"; echo
  if [ -n "$breaking" ]; then echo "### ⚠ BREAKING CHANGES"; echo; echo "- $breaking"; echo; fi
  if [ -n "$feats" ]; then echo "### Features"; echo; bullets <<<"$feats"; echo; fi
  echo "### Bug Fixes"; echo; bullets <<<"$fixes"; echo
} > /tmp/section.md
insert_section /tmp/section.md
git add CHANGELOG.md && git commit -q -m "docs: changelog"
