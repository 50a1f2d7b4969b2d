#!/usr/bin/env bash
# expect: pass
# why: a Python restore script: lists the backups over SSH, verifies each checksum itself, restores in one transaction with --clean
# params: fault=disk, link=api-cache, dependency=cache, bad_setting=name, rto_seconds=120
set -euo pipefail
mkdir -p /lab/runbooks
cat > /lab/runbooks/restore.sh <<'PY'
#!/usr/bin/env python3
import subprocess, sys

def db(cmd):
    return subprocess.run(["ssh", "-n", "db", cmd], capture_output=True, text=True)

names = sorted(db("ls /var/backups/shop").stdout.split())
dumps = sorted((n for n in names if n.endswith(".dump")), reverse=True)
for name in dumps:
    path = f"/var/backups/shop/{name}"
    want = db(f"cat {path}.sha256").stdout.split()[:1]
    have = db(f"sha256sum {path}").stdout.split()[:1]
    if not want or want != have:
        print(f"skip {name}: checksum {have} != {want}")
        continue
    r = db(f"su postgres -c \"pg_restore --clean --if-exists --single-transaction -d shop {path}\"")
    if r.returncode == 0:
        print(f"restored {name}")
        sys.exit(0)
    print(f"{name} failed to restore: {r.stderr.strip()}")
sys.exit("no backup could be restored")
PY
chmod +x /lab/runbooks/restore.sh
