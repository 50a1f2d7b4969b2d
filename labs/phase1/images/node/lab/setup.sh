#!/bin/bash
# Image build: the state "the previous admin" left behind, shared by every role.
set -euxo pipefail

# Your own admin account on the servers: key login, passwordless sudo.
useradd --create-home --shell /bin/bash --comment "ops admin (you)" admin
echo 'admin ALL=(ALL) NOPASSWD:ALL' > /etc/sudoers.d/90-admin
chmod 0440 /etc/sudoers.d/90-admin

# No key is baked into the image: every env (every student of a class) would share it.
# init.sh makes them at first start: each machine its own SSH host key, each env its own
# admin and deploy key pairs (in the env's `keys` volume, mounted here).
install -d -m 0755 /opt/lab/keys
rm -f /etc/ssh/ssh_host_*
printf '# This machine'"'"'s own host key, made at its first start.\nHostKey /etc/ssh/ssh_host_ed25519_key\n' \
  > /etc/ssh/sshd_config.d/00-hostkey.conf

# sshd: a leftover from the migration re-enables password logins.
cat > /etc/ssh/sshd_config.d/10-migration.conf <<'CONF'
# Temporary, for the migration from the old host (J. 2023-11). Remove when done.
PasswordAuthentication yes
CONF

# The shop: static files served by nginx from /srv/shop/public.
install -d -m 0755 /srv/shop /srv/shop/public /srv/shop/config
cp -a /opt/lab/site/. /srv/shop/public/
printf '[shop]\nname = Pebble Outfitters\ncurrency = EUR\n' > /srv/shop/config/shop.ini
chown -R root:root /srv/shop
chmod -R u=rwX,go=rX /srv/shop

# nginx: the half-finished storefront site, enabled next to Debian's default one.
install -m 0644 /opt/lab/nginx/shop.conf /etc/nginx/sites-available/shop
ln -sf ../sites-available/shop /etc/nginx/sites-enabled/shop

# Learners use `service cron start`; nothing starts it at boot.
rm -f /etc/cron.d/e2scrub_all

chmod 0755 /opt/lab/init.sh /opt/lab/genlog.py
