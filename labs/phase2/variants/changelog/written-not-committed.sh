#!/usr/bin/env bash
# expect: fail
# why: the right section in the working tree, never committed (and nothing tagged yet)
# include: _lib/release.sh
# include: _lib/changelog.sh
# feedback: not committed yet
set -euo pipefail
{
  echo "## [$next] - 2024-06-01"; echo
  if [ -n "$breaking" ]; then echo "### ⚠ BREAKING CHANGES"; echo; echo "- $breaking"; echo; fi
  if [ -n "$feats" ]; then echo "### Features"; echo; bullets <<<"$feats"; echo; fi
  echo "### Bug Fixes"; echo; bullets <<<"$fixes"; echo
} > /tmp/section.md
insert_section /tmp/section.md
