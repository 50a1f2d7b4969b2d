#!/usr/bin/env bash
# expect: pass
# why: the version edited with a Python one-liner, the tag made with `git tag --annotate --message ... vX.Y.Z HEAD`
# include: _lib/release.sh
set -euo pipefail
python3 -c "
import re, sys
from pathlib import Path
p = Path('pyproject.toml')
p.write_text(re.sub(r'(?m)^version = \".*\"$', 'version = \"' + sys.argv[1] + '\"', p.read_text(), count=1))
" "$next"
git commit -q -m "release $next" -- pyproject.toml
git tag --annotate --message "inventory $next" "v$next" HEAD
