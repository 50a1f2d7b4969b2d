#!/usr/bin/env bash
# expect: pass
# why: the whole promote is Python: fleet through its HTTP API, smoke-test and switch as subprocesses, a timed probe loop with urllib
# needs: bluegreen, smoke
set -euo pipefail
cat > /deploy/bin/promote <<'EOF'
#!/usr/bin/env python3
import json, os, subprocess, sys, time, urllib.error, urllib.request

FLEET = os.environ.get("FLEET_URL", "http://apps:9000")
PORTS = {"blue": 8001, "green": 8002}
version = sys.argv[1]
watch = float(os.environ.get("WATCH_SECONDS", "4"))
max_pct = float(os.environ.get("MAX_ERROR_PCT", "2"))


def get(url, timeout=3):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, b""
    except OSError:
        return 0, b""


live = json.loads(get("http://127.0.0.1:8080/")[1])["instance"]
idle = "green" if live == "blue" else "blue"
url = f"http://apps:{PORTS[idle]}"
urllib.request.urlopen(urllib.request.Request(f"{FLEET}/instances/{idle}/deploy?version={version}", method="POST"), timeout=10)
deadline = time.time() + 30
while time.time() < deadline and get(url + "/healthz")[0] != 200:
    time.sleep(0.3)
if subprocess.run(["/deploy/bin/smoke-test", url, version]).returncode != 0:
    sys.exit(f"{version} failed its smoke test; {live} stays live")
subprocess.run(["/deploy/bin/switch", idle], check=True)
total = failed = 0
end = time.time() + watch
while time.time() < end:
    total += 1
    failed += get("http://127.0.0.1:8080/")[0] != 200
    time.sleep(0.05)
if total and 100 * failed / total > max_pct:
    subprocess.run(["/deploy/bin/switch", live], check=True)
    print(f"{failed}/{total} requests failed on {version}: rolled back to {live}", file=sys.stderr)
    sys.exit(2)
print(f"{version} is live on {idle}")
EOF
chmod +x /deploy/bin/promote
