#!/usr/bin/env bash
# expect: pass
# why: locks /srv/shop to the group (2770/0660, no access for others) and adds www-data to the group so nginx still reads it
# run_in: workspace
set -euo pipefail
ssh -o BatchMode=yes web01 sudo bash -s "$LAB_PARAM_DEPLOY_USER" "$LAB_PARAM_APP_GROUP" "'$(cat ~/.ssh/deploy_ed25519.pub)'" <<'REMOTE'
set -euo pipefail
u="$1" g="$2" key="$3"
groupadd -f "$g"
useradd -m -s /bin/bash -G "sudo,$g" "$u"
install -d -m 0700 -o "$u" -g "$u" "/home/$u/.ssh"
install -m 0600 -o "$u" -g "$u" /dev/null "/home/$u/.ssh/authorized_keys"
echo "$key" >> "/home/$u/.ssh/authorized_keys"
printf 'PasswordAuthentication no\nKbdInteractiveAuthentication no\n' > /etc/ssh/sshd_config.d/10-migration.conf
sshd -t && kill -HUP "$(cat /run/sshd.pid)"
usermod -aG "$g" www-data
chown -R root:"$g" /srv/shop
find /srv/shop -type d -exec chmod 2770 {} +
find /srv/shop -type f -exec chmod 0660 {} +
# nginx's workers read as www-data; they pick up the new group when nginx starts again
if pgrep -x nginx >/dev/null; then nginx -s stop; sleep 1; nginx || true; fi
REMOTE
