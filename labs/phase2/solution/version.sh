#!/bin/bash
# Reference solution, task version: the version the changelog section names (worked out
# from the commit types), in pyproject.toml, then an annotated tag on that commit.
set -euo pipefail
cd "/workspace/$LAB_PARAM_REPO"
version=$(grep -m1 -oE '^## \[[0-9]+\.[0-9]+\.[0-9]+\]' CHANGELOG.md | tr -d '#[] ')
if git rev-parse -q --verify "refs/tags/v$version" >/dev/null; then
  exit 0
fi
sed -i -E "s/^version = \"[^\"]+\"/version = \"$version\"/" pyproject.toml
git add pyproject.toml
git diff --cached --quiet || git commit -q -m "chore(release): $version"
git tag -a "v$version" -m "Release $version"
