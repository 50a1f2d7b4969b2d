#!/usr/bin/env bash
# expect: pass
# why: a Python script with tarfile, a temporary file renamed on success
# run_in: web
set -euo pipefail
cat > /usr/local/bin/shop-backup <<'PY'
#!/usr/bin/env python3
import datetime, os, sys, tarfile, tempfile

SRC, DEST = "/srv/shop", "/var/backups/shop"


def main():
    if not os.path.isdir(SRC):
        print(f"shop-backup: {SRC} does not exist", file=sys.stderr)
        return 1
    os.makedirs(DEST, exist_ok=True)
    final = os.path.join(DEST, f"shop-{datetime.date.today():%Y-%m-%d}.tar.gz")
    fd, tmp = tempfile.mkstemp(dir=DEST, prefix=".partial-")
    os.close(fd)
    try:
        with tarfile.open(tmp, "w:gz") as tar:
            tar.add(SRC, arcname="shop")
        os.replace(tmp, final)
    except OSError as exc:
        os.path.exists(tmp) and os.unlink(tmp)
        print(f"shop-backup: {exc}", file=sys.stderr)
        return 1
    return 0


sys.exit(main())
PY
chmod 0755 /usr/local/bin/shop-backup
/usr/local/bin/shop-backup
