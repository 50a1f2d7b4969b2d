#!/usr/bin/env bash
# expect: fail
# why: every feat and fix listed, but nothing says that one of them breaks the API
# include: _lib/release.sh
# include: _lib/changelog.sh
# params: bump=major
# feedback: breaking change: the section must say so
set -euo pipefail
{
  echo "## [$next] - 2024-06-01"; echo
  echo "### Features"; echo; bullets <<<"$feats"; echo
  echo "### Bug Fixes"; echo; bullets <<<"$fixes"; echo
} > /tmp/section.md
insert_section /tmp/section.md
git add CHANGELOG.md && git commit -q -m "docs: changelog"
