#!/usr/bin/env bash
# expect: fail
# why: sets `PasswordAuthentication no` in /etc/ssh/sshd_config and reloads, but the migration drop-in is read first and wins
# run_in: web
# feedback: still offers .* password logins
set -euo pipefail
u="$LAB_PARAM_DEPLOY_USER" g="$LAB_PARAM_APP_GROUP"
groupadd -f "$g"
useradd -m -s /bin/bash -G "sudo,$g" "$u"
install -d -m 0700 -o "$u" -g "$u" "/home/$u/.ssh"
install -m 0600 -o "$u" -g "$u" /opt/lab/keys/deploy_ed25519.pub "/home/$u/.ssh/authorized_keys"
echo 'PasswordAuthentication no' >> /etc/ssh/sshd_config
service ssh reload
chgrp -R "$g" /srv/shop && chmod -R g+w /srv/shop
