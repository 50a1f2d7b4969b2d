# Small edits of the workspace's Dockerfile and compose file, as a learner makes with an editor.
# df_healthcheck LINE: replace the HEALTHCHECK instruction (continuation lines too) by LINE, put before CMD.
df_healthcheck() {
  python3 - "$1" <<'PY'
import sys
from pathlib import Path

p = Path("Dockerfile")
out, skip = [], False
for line in p.read_text().splitlines():
    if skip or line.startswith("HEALTHCHECK"):
        skip = line.rstrip().endswith("\\")
        continue
    out.append(line)
cmd = max(i for i, ln in enumerate(out) if ln.startswith(("CMD", "ENTRYPOINT")))
out.insert(cmd, sys.argv[1])
p.write_text("\n".join(out) + "\n")
PY
}
# df_before_cmd LINE...: insert lines just before the final CMD.
df_before_cmd() {
  python3 - "$@" <<'PY'
import sys
from pathlib import Path

p = Path("Dockerfile")
out = p.read_text().splitlines()
cmd = max(i for i, ln in enumerate(out) if ln.startswith(("CMD", "ENTRYPOINT")))
out[cmd:cmd] = sys.argv[1:]
p.write_text("\n".join(out) + "\n")
PY
}
# web_add LINE...: add lines (indented 4) to the web service of docker-compose.yml, after its image: line.
web_add() {
  python3 - "$@" <<'PY'
import sys
from pathlib import Path

p = Path("docker-compose.yml")
lines = p.read_text().splitlines()
start = lines.index("  web:")
at = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("    image:"))
lines[at + 1:at + 1] = ["    " + a for a in sys.argv[1:]]
p.write_text("\n".join(lines) + "\n")
PY
}
# drop_setting NAME: remove NAME from every env file, the compose file and the Dockerfile.
drop_setting() {
  local f
  for f in .env app.env docker-compose.yml Dockerfile config/*.env; do
    [ -f "$f" ] && sed -i -E "/(^|[[:space:]])$1[=:]/d" "$f"
  done
  return 0
}
