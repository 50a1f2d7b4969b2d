#!/usr/bin/env bash
# expect: fail
# why: `tar ... || echo` reports the failure on stdout and exits 0; tar leaves an empty archive behind
# run_in: web
# feedback: exited with status 0
set -euo pipefail
cat > /usr/local/bin/shop-backup <<'SH'
#!/bin/bash
mkdir -p /var/backups/shop
tar -czf "/var/backups/shop/shop-$(date +%F).tar.gz" -C /srv shop || echo "backup failed"
SH
chmod +x /usr/local/bin/shop-backup
