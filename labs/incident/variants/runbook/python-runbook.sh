#!/usr/bin/env bash
# expect: pass
# why: the runbook is a Python program: checks each fault class over SSH and HTTP, deletes iptables rules by line number, fixes config by rolling back to the last release whose readiness passes
# params: fault=latency, link=api-db, dependency=db, bad_setting=port, rto_seconds=120
set -euo pipefail
mkdir -p /lab/runbooks
cat > /lab/runbooks/remediate.sh <<'PY'
#!/usr/bin/env python3
"""Runbook: detect and remediate the shop's known faults."""
import json
import subprocess
import time
import urllib.request


def ssh(host, cmd, check=False):
    r = subprocess.run(["ssh", "-n", host, cmd], capture_output=True, text=True, timeout=40)
    if check and r.returncode:
        raise SystemExit(f"{host}: {cmd}: {r.stderr}")
    return r


def readyz():
    try:
        with urllib.request.urlopen("http://api:8000/readyz", timeout=20) as resp:
            return json.load(resp)
    except urllib.error.HTTPError as exc:
        return json.load(exc)
    except OSError:
        return {}


actions = []


def did(what):
    actions.append(what)
    print(what, flush=True)


for host in ("web", "api"):
    for table, target in (("filter", "DROP"), ("nat", "REDIRECT")):
        while True:
            out = ssh(host, f"iptables -t {table} -L OUTPUT -n --line-numbers").stdout
            nums = [ln.split()[0] for ln in out.splitlines() if f" {target} " in f" {ln} "]
            if not nums:
                break
            ssh(host, f"iptables -t {table} -D OUTPUT {nums[0]}", check=True)
            did(f"{host}: removed {table} OUTPUT rule {nums[0]} ({target})")
    if ssh(host, "pkill -x link-delay").returncode == 0:
        did(f"{host}: stopped link-delay")
if ssh("db", "pg_isready -q").returncode != 0:
    ssh("db", "service postgresql start", check=True)
    did("db: started PostgreSQL")
if ssh("cache", "redis-cli ping").stdout.strip() != "PONG":
    ssh("cache", "service redis-server start", check=True)
    did("cache: started Redis")
free = int(ssh("api", "df --output=avail -k /var/lib/shop | tail -1").stdout.strip() or 0)
if free < 4096:
    ssh("api", "for p in $(lsof -t +D /var/lib/shop/debug 2>/dev/null; pgrep -x debug-dump); do kill $p; done; "
               "rm -rf /var/lib/shop/debug/*")
    did(f"api: disk had {free} KiB free; stopped the dump writer and removed the dumps")
for _ in range(5):
    r = readyz()
    if r.get("db") == "ok" and r.get("cache") == "ok":
        break
    ssh("api", "shop-config rollback --by runbook", check=True)
    did(f"api: readiness {r}; rolled back the configuration")
    time.sleep(1)
if not actions:
    print("healthy: nothing to do")
PY
chmod 0755 /lab/runbooks/remediate.sh
