#!/usr/bin/env bash
# expect: fail
# why: "nobody else" taken literally: chmod -R 770 /srv/shop, so nginx (www-data) can no longer read the site
# run_in: web
# feedback: www-data
# alone: true
set -euo pipefail
u="$LAB_PARAM_DEPLOY_USER" g="$LAB_PARAM_APP_GROUP"
groupadd -f "$g"
useradd -m -s /bin/bash -G "sudo,$g" "$u"
install -d -m 0700 -o "$u" -g "$u" "/home/$u/.ssh"
install -m 0600 -o "$u" -g "$u" /opt/lab/keys/deploy_ed25519.pub "/home/$u/.ssh/authorized_keys"
echo 'PasswordAuthentication no' > /etc/ssh/sshd_config.d/10-migration.conf
service ssh reload
chgrp -R "$g" /srv/shop && chmod -R 770 /srv/shop
