#!/usr/bin/env bash
# expect: fail
# why: everything right, then "it did not work, so I made public/ world-writable"
# run_in: workspace
# feedback: /srv/shop/public is group
# feedback: only because everybody can
set -euo pipefail
pub="$(cat ~/.ssh/deploy_ed25519.pub)"
ssh -o BatchMode=yes admin@web01 sudo bash -s "$LAB_PARAM_DEPLOY_USER" "$LAB_PARAM_APP_GROUP" "'$pub'" <<'REMOTE'
set -euo pipefail
u="$1" g="$2" pub="$3"
groupadd -f "$g"
useradd -m -s /bin/bash -G "sudo,$g" "$u"
mkdir -p -m 700 "/home/$u/.ssh" && echo "$pub" > "/home/$u/.ssh/authorized_keys"
chown -R "$u:$u" "/home/$u/.ssh" && chmod 600 "/home/$u/.ssh/authorized_keys"
echo 'PasswordAuthentication no' > /etc/ssh/sshd_config.d/10-migration.conf
service ssh reload
chgrp -R "$g" /srv/shop && chmod -R g+w /srv/shop
chmod o+w /srv/shop/public
REMOTE
