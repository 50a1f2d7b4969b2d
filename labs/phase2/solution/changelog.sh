#!/bin/bash
# Reference solution, task changelog: a section for the next version, from the
# conventional commits since the previous tag (what git-cliff would write).
set -euo pipefail
cd "/workspace/$LAB_PARAM_REPO"
prev="v${LAB_PARAM_PREV_MAJOR}.${LAB_PARAM_PREV_MINOR}.${LAB_PARAM_PREV_PATCH}"   # the tag already in the repo
python3 - "$prev" <<'PY'
import datetime
import re
import subprocess
import sys
from pathlib import Path

prev = sys.argv[1]
log = subprocess.run(["git", "log", "--format=%s%n%b%x00", f"{prev}..HEAD"], capture_output=True, text=True,
                     check=True).stdout
feats, fixes, breaking = [], [], []
for entry in filter(str.strip, log.split("\0")):
    subject, _, body = entry.strip().partition("\n")
    m = re.match(r"^(\w+)(?:\(([^)]*)\))?(!)?: (.+)$", subject)
    if not m:
        continue
    kind, scope, bang, desc = m.groups()
    if kind == "feat":
        feats.append((scope, desc))
    elif kind == "fix":
        fixes.append((scope, desc))
    if bang or "BREAKING CHANGE" in body:
        note = body.split("BREAKING CHANGE:", 1)[1].strip() if "BREAKING CHANGE:" in body else desc
        breaking.append((scope, " ".join(note.split())))
major, minor, patch = (int(x) for x in prev.lstrip("v").split("."))
if breaking:
    version = f"{major + 1}.0.0"
elif feats:
    version = f"{major}.{minor + 1}.0"
else:
    version = f"{major}.{minor}.{patch + 1}"

path = Path("CHANGELOG.md")
text = path.read_text()
if re.search(rf"^## \[{re.escape(version)}\]", text, re.M):
    sys.exit(0)


def bullets(items):
    return "".join(f"- {'**' + s + ':** ' if s else ''}{d}\n" for s, d in reversed(items))


section = f"## [{version}] - {datetime.date.today().isoformat()}\n\n"
for title, items in (("### ⚠ BREAKING CHANGES", breaking), ("### Features", feats), ("### Bug Fixes", fixes)):
    if items:
        section += f"{title}\n\n{bullets(items)}\n"
first = re.search(r"^## ", text, re.M)
text = text[:first.start()] + section + text[first.start():] if first else text + "\n" + section
path.write_text(text)
PY
git add CHANGELOG.md
git diff --cached --quiet || git commit -q -m "docs: changelog for the next release"
