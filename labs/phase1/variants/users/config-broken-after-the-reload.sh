#!/usr/bin/env bash
# expect: fail
# why: passwords off and reloaded, then a second drop-in with a typo: the running sshd is fine, the next restart fails
# run_in: web
# feedback: does not load
set -euo pipefail
u="$LAB_PARAM_DEPLOY_USER" g="$LAB_PARAM_APP_GROUP"
groupadd -f "$g"
useradd -m -s /bin/bash -G "sudo,$g" "$u"
install -d -m 0700 -o "$u" -g "$u" "/home/$u/.ssh"
install -m 0600 -o "$u" -g "$u" /opt/lab/keys/deploy_ed25519.pub "/home/$u/.ssh/authorized_keys"
echo 'PasswordAuthentication no' > /etc/ssh/sshd_config.d/10-migration.conf
service ssh reload
sleep 3  # later that day
printf 'KbdInteractiveAuthentification no\n' > /etc/ssh/sshd_config.d/20-hardening.conf
chgrp -R "$g" /srv/shop && chmod -R g+w /srv/shop
