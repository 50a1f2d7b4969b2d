#!/usr/bin/env bash
# expect: fail
# why: fixes the migration drop-in on disk but never reloads sshd, which still runs with passwords on
# run_in: web
# feedback: still offers .* password logins
set -euo pipefail
u="$LAB_PARAM_DEPLOY_USER" g="$LAB_PARAM_APP_GROUP"
groupadd -f "$g"
useradd -m -s /bin/bash -G "sudo,$g" "$u"
install -d -m 0700 -o "$u" -g "$u" "/home/$u/.ssh"
install -m 0600 -o "$u" -g "$u" /opt/lab/keys/deploy_ed25519.pub "/home/$u/.ssh/authorized_keys"
sed -i 's/yes/no/' /etc/ssh/sshd_config.d/10-migration.conf
chgrp -R "$g" /srv/shop && chmod -R g+w /srv/shop
