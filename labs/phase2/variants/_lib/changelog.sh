# Shared by phase2's variants: the feat/fix commits since the previous tag, and helpers to add a
# changelog section. `feats`, `fixes` hold "scope|description" lines; `breaking` the breaking note.
feats=$(git log --reverse --format=%s "v$prev..HEAD" | sed -nE 's/^feat(\(([^)]*)\))?!?: (.*)$/\2|\3/p')
fixes=$(git log --reverse --format=%s "v$prev..HEAD" | sed -nE 's/^fix(\(([^)]*)\))?!?: (.*)$/\2|\3/p')
breaking=$(git log --format=%B "v$prev..HEAD" | sed -n 's/^BREAKING CHANGE: //p')
bullets() { while IFS='|' read -r scope desc; do [ -n "$desc" ] && echo "* ${scope:+**$scope:** }$desc"; done; }
# insert_section FILE-WITH-SECTION: put it above the first "## " heading of CHANGELOG.md
insert_section() {
  python3 - "$1" <<'PY'
import re
import sys
from pathlib import Path

section = Path(sys.argv[1]).read_text()
path = Path("CHANGELOG.md")
text = path.read_text()
first = re.search(r"^## ", text, re.M)
path.write_text(text[:first.start()] + section + text[first.start():])
PY
}
