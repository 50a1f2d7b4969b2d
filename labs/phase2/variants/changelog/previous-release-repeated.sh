#!/usr/bin/env bash
# expect: fail
# why: the new section also lists the previous release's fix, copied from `git log` without stopping at the tag
# include: _lib/release.sh
# include: _lib/changelog.sh
# feedback: which shipped in v
set -euo pipefail
all_fixes=$(git log --reverse --format=%s | sed -nE 's/^fix(\(([^)]*)\))?!?: (.*)$/\2|\3/p')
{
  echo "## [$next] - 2024-06-01"; echo
  if [ -n "$breaking" ]; then echo "### ⚠ BREAKING CHANGES"; echo; echo "- $breaking"; echo; fi
  if [ -n "$feats" ]; then echo "### Features"; echo; bullets <<<"$feats"; echo; fi
  echo "### Bug Fixes"; echo; bullets <<<"$all_fixes"; echo
} > /tmp/section.md
insert_section /tmp/section.md
git add CHANGELOG.md && git commit -q -m "docs: changelog"
