#!/usr/bin/env bash
# expect: fail
# why: set -e and tar straight into shop-DATE.tar.gz: a failed run replaces the good archive with a broken one
# run_in: web
# feedback: overwrote the day's archive
set -euo pipefail
cat > /usr/local/bin/shop-backup <<'SH'
#!/bin/bash
set -euo pipefail
mkdir -p /var/backups/shop
tar -czf "/var/backups/shop/shop-$(date +%F).tar.gz" -C /srv shop
SH
chmod +x /usr/local/bin/shop-backup
