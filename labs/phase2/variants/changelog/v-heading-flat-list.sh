#!/usr/bin/env bash
# expect: pass
# why: a `## vX.Y.Z (date)` heading and one flat list of the commit subjects as written, a BREAKING CHANGE line
# include: _lib/release.sh
set -euo pipefail
{
  echo "## v$next (2024-06-01)"
  echo
  git log --format=%B "v$prev..HEAD" | sed -n 's/^BREAKING CHANGE: /BREAKING CHANGE: /p' | sed 's/$/\n/'
  git log --reverse --format='%s' "v$prev..HEAD" | grep -E '^(feat|fix)' | sed 's/^/* /'
  echo
} > /tmp/section.md
python3 - <<'PY'
from pathlib import Path

p = Path("CHANGELOG.md")
t = p.read_text()
i = t.index("## [")
p.write_text(t[:i] + Path("/tmp/section.md").read_text() + t[i:])
PY
git commit -q -am "docs: changelog for v$next"
