#!/usr/bin/env bash
# expect: pass
# why: copies the key over with scp, then adduser, a key file written as root, the drop-in flipped in place, numeric modes with find
# run_in: workspace
set -euo pipefail
scp -q ~/.ssh/deploy_ed25519.pub web01:/tmp/deploy.pub
# == run_in: web ==
set -euo pipefail
u="$LAB_PARAM_DEPLOY_USER" g="$LAB_PARAM_APP_GROUP"
getent group "$g" >/dev/null || addgroup --quiet "$g"
adduser --disabled-password --gecos "" --quiet "$u"
adduser --quiet "$u" sudo
adduser --quiet "$u" "$g"
install -d -m 0700 -o "$u" -g "$u" "/home/$u/.ssh"
cat /tmp/deploy.pub > "/home/$u/.ssh/authorized_keys"
chmod 0644 "/home/$u/.ssh/authorized_keys"
sed -i 's/^PasswordAuthentication yes/PasswordAuthentication no/' /etc/ssh/sshd_config.d/10-migration.conf
kill -HUP "$(cat /run/sshd.pid)"
chown -R root:"$g" /srv/shop
find /srv/shop -type d -exec chmod 2775 {} +
find /srv/shop -type f -exec chmod 0664 {} +
