#!/usr/bin/env bash
# expect: pass
# why: switch is a Python script that rewrites shop.conf with a regex, runs nginx -t and sends SIGHUP to the nginx master
set -euo pipefail
cat > /deploy/bin/switch <<'EOF'
#!/usr/bin/env python3
import os, re, signal, subprocess, sys

PORTS = {"blue": 8001, "green": 8002}
if len(sys.argv) != 2 or sys.argv[1] not in PORTS:
    sys.exit("usage: switch blue|green")
path = "/deploy/nginx/shop.conf"
old = open(path).read()
new = re.sub(r"server apps:\d+;", f"server apps:{PORTS[sys.argv[1]]};", old)
with open(path, "w") as fh:
    fh.write(new)
if subprocess.run(["nginx", "-t", "-q"]).returncode != 0:
    with open(path, "w") as fh:
        fh.write(old)
    sys.exit("nginx rejected the configuration")
os.kill(int(open("/run/nginx.pid").read()), signal.SIGHUP)
print(f"shop -> {sys.argv[1]}")
EOF
chmod +x /deploy/bin/switch
