#!/usr/bin/env bash
# expect: pass
# why: Keep a Changelog style: `## [X.Y.Z] - date` with Added / Fixed sections and a "Breaking:" note
# include: _lib/release.sh
# include: _lib/changelog.sh
set -euo pipefail
{
  echo "## [$next] - 2024-06-01"
  echo
  if [ -n "$breaking" ]; then echo "**Breaking:** $breaking"; echo; fi
  if [ -n "$feats" ]; then echo "### Added"; echo; while IFS='|' read -r scope desc; do echo "- $desc${scope:+ ($scope)}"; done <<<"$feats"; echo; fi
  echo "### Fixed"; echo
  while IFS='|' read -r scope desc; do echo "- $desc${scope:+ ($scope)}"; done <<<"$fixes"
  echo
} > /tmp/section.md
insert_section /tmp/section.md
git add CHANGELOG.md
git commit -q -m "chore(release): changelog $next"
