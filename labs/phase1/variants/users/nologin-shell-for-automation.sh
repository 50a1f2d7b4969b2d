#!/usr/bin/env bash
# expect: fail
# why: "automation needs no shell": a system account with /usr/sbin/nologin; the rest right
# run_in: web
# feedback: login shell
set -euo pipefail
u="$LAB_PARAM_DEPLOY_USER" g="$LAB_PARAM_APP_GROUP"
groupadd -f "$g"
useradd -m -s /usr/sbin/nologin -G "sudo,$g" "$u"
install -d -m 0700 -o "$u" -g "$u" "/home/$u/.ssh"
install -m 0600 -o "$u" -g "$u" /opt/lab/keys/deploy_ed25519.pub "/home/$u/.ssh/authorized_keys"
echo 'PasswordAuthentication no' > /etc/ssh/sshd_config.d/10-migration.conf
service ssh reload
chgrp -R "$g" /srv/shop && chmod -R g+w /srv/shop
