#!/bin/bash
# Image build: everything every machine of the incident lab shares. Secrets (SSH keys,
# the database password) are NOT made here: init.sh makes them per env at first start.
set -euxo pipefail

chmod 0755 /opt/lab/init.sh /opt/lab/bin/* /opt/lab/api/app.py /opt/lab/pager/server.py /opt/lab/chaos/chaosd.py
for tool in shop-config chaos pager shop-backup; do ln -sf "/opt/lab/bin/$tool" "/usr/local/bin/$tool"; done
install -m 0755 /opt/lab/conf/shop-api.init /etc/init.d/shop-api

# accounts: the API runs as shop; the latency injector as linkdelay (iptables skips its traffic)
useradd --system --home-dir /var/lib/shop --shell /usr/sbin/nologin shop
useradd --system --no-create-home --shell /usr/sbin/nologin linkdelay
install -d -m 0755 -o shop -g shop /var/log/shop /var/lib/shop
install -d -m 0755 /etc/shop /etc/shop/releases /opt/lab/keys /var/lib/chaos /var/lib/pager /var/backups/shop

# sshd: root logs in with the env's ops key only; this machine's host key is made at start
rm -f /etc/ssh/ssh_host_*
cat > /etc/ssh/sshd_config.d/00-lab.conf <<'CONF'
HostKey /etc/ssh/ssh_host_ed25519_key
PermitRootLogin prohibit-password
PasswordAuthentication no
CONF

# nginx: the shop's front: static page + /api/ proxied to the API
rm -f /etc/nginx/sites-enabled/default
install -m 0644 /opt/lab/conf/nginx-shop.conf /etc/nginx/sites-available/shop
ln -sf ../sites-available/shop /etc/nginx/sites-enabled/shop
install -d -m 0755 /srv/shop
install -m 0644 /opt/lab/conf/index.html /srv/shop/index.html
install -d -m 0755 /etc/mtail
install -m 0644 /opt/lab/conf/nginx.mtail /etc/mtail/nginx.mtail

# redis: a cache only (no persistence), reachable from the lab network
sed -i -e 's/^bind .*/bind 0.0.0.0/' -e 's/^protected-mode yes/protected-mode no/' \
       -e 's/^# *save ""/save ""/' -e 's/^save /# save /' /etc/redis/redis.conf
printf 'maxmemory 32mb\nmaxmemory-policy allkeys-lru\n' >> /etc/redis/redis.conf

# PostgreSQL 15: small, reachable from the lab network with md5 passwords, the shop schema
conf=/etc/postgresql/15/main
cat >> $conf/postgresql.conf <<'CONF'
listen_addresses = '*'
shared_buffers = 16MB
max_connections = 40
password_encryption = md5
log_line_prefix = '%m [%p] %q%u@%d '
log_min_messages = warning
CONF
echo 'host    all    shop    0.0.0.0/0    md5' >> $conf/pg_hba.conf
service postgresql start
su postgres -c "psql -v ON_ERROR_STOP=1 -q" <<'SQL'
CREATE ROLE shop LOGIN PASSWORD 'replaced-at-start';
CREATE DATABASE shop OWNER shop;
SQL
su postgres -c "psql -v ON_ERROR_STOP=1 -q -d shop" < /opt/lab/sql/schema.sql
# three days of past orders, and the nightly backup after each day (init.sh files them under
# this env's dates at first start)
install -d -m 0755 -o postgres /opt/lab/backups
for day in 3 2 1; do
  su postgres -c "psql -v ON_ERROR_STOP=1 -qd shop -v seed=0.$((day * 17)) -v n=$((100 + day * 41)) -v day=$day -f /opt/lab/sql/seed.sql" >/dev/null
  su postgres -c "pg_dump -Fc -d shop -f /opt/lab/backups/day$day.dump"
  sha256sum /opt/lab/backups/day$day.dump | cut -d' ' -f1 > /opt/lab/backups/day$day.sha256
done
service postgresql stop

# the time zone the lab's clocks speak: UTC everywhere
ln -sf /usr/share/zoneinfo/Etc/UTC /etc/localtime
