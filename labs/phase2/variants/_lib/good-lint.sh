# Shared by phase2's variants: the code fixed for flake8 (unused imports, == None, the long line).
sed -i '/^import json$/d; s/sku == None/sku is None/' inventory/core.py
sed -i '/^import sys$/d' inventory/api.py
python3 - <<'PY'
from pathlib import Path

p = Path("inventory/api.py")
t = p.read_text()
old = '    start_response(f"{status} {reasons[status]}", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])\n'
new = ('    headers = [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]\n'
       '    start_response(f"{status} {reasons[status]}", headers)\n')
assert old in t, "the long start_response line moved"
p.write_text(t.replace(old, new))
PY
