#!/usr/bin/env bash
# expect: fail
# why: lists the features and only the first fix since the tag ("the API one is internal")
# include: _lib/release.sh
# include: _lib/changelog.sh
# feedback: missing: 'answer 404 for unknown SKUs'
set -euo pipefail
{
  echo "## [$next] - 2024-06-01"; echo
  if [ -n "$breaking" ]; then echo "### ⚠ BREAKING CHANGES"; echo; echo "- $breaking"; echo; fi
  if [ -n "$feats" ]; then echo "### Features"; echo; bullets <<<"$feats"; echo; fi
  echo "### Bug Fixes"; echo; bullets <<<"$(head -n1 <<<"$fixes")"; echo
} > /tmp/section.md
insert_section /tmp/section.md
git add CHANGELOG.md && git commit -q -m "docs: changelog"
