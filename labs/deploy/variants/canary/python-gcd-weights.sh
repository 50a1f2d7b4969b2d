#!/usr/bin/env bash
# expect: pass
# why: canary is a Python script that writes reduced weights (10% -> 1:9) and marks a server down at 0% and 100%
set -euo pipefail
cat > /deploy/bin/canary <<'EOF'
#!/usr/bin/env python3
import math, subprocess, sys

try:
    p = int(sys.argv[1])
    assert 0 <= p <= 100
except (IndexError, ValueError, AssertionError):
    sys.exit("usage: canary PERCENT (0-100)")
g = math.gcd(p, 100 - p) or 100
stable = f"server apps:8101 weight={(100 - p) // g};" if p < 100 else "server apps:8101 down;"
canary = f"server apps:8102 weight={p // g};" if p > 0 else "server apps:8102 down;"
conf = f"""upstream search {{
    {stable}
    {canary}
}}
server {{
    listen 8081;
    location / {{ proxy_pass http://search; }}
}}
"""
open("/deploy/nginx/search.conf", "w").write(conf)
subprocess.run(["nginx", "-t", "-q"], check=True)
subprocess.run(["nginx", "-s", "reload"], check=True)
print(f"canary at {p}%")
EOF
chmod +x /deploy/bin/canary
