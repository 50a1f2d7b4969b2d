#!/usr/bin/env bash
# expect: pass
# why: rolling-update is Python: it marks the batch `down` in catalog.conf with a regex, reloads, deploys through fleetd's API and polls /instances until ready
set -euo pipefail
cat > /deploy/bin/rolling-update <<'EOF'
#!/usr/bin/env python3
import json, os, re, subprocess, sys, time, urllib.request

FLEET = os.environ.get("FLEET_URL", "http://apps:9000")
CONF = "/deploy/nginx/catalog.conf"
version = sys.argv[1]
n, k = int(os.environ["REPLICAS"]), int(os.environ["MAX_UNAVAILABLE"])


def set_down(ports):
    text = open(CONF).read()
    def fix(m):
        port = int(m.group(1))
        return f"server apps:{port}{' down' if port in ports else ''};"
    open(CONF, "w").write(re.sub(r"server apps:(\d+)(?: down)?;", fix, text))
    subprocess.run(["nginx", "-t", "-q"], check=True)
    subprocess.run(["nginx", "-s", "reload"], check=True)


def state(name):
    with urllib.request.urlopen(f"{FLEET}/instances/{name}", timeout=5) as r:
        return json.load(r)["state"]


for first in range(1, n + 1, k):
    batch = list(range(first, min(first + k, n + 1)))
    set_down({8200 + i for i in batch})
    time.sleep(0.5)
    for i in batch:
        req = urllib.request.Request(f"{FLEET}/instances/web{i}/deploy?version={version}", method="POST")
        urllib.request.urlopen(req, timeout=10).read()
    for i in batch:
        deadline = time.time() + 60
        while state(f"web{i}") != "ready":
            if time.time() > deadline:
                sys.exit(f"web{i} did not become ready")
            time.sleep(0.2)
    set_down(set())
print(f"all {n} replicas on {version}")
EOF
chmod +x /deploy/bin/rolling-update
