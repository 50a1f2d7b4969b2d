#!/usr/bin/env bash
# expect: pass
# why: deletes the migration drop-in, says `PasswordAuthentication no` in sshd_config itself and restarts sshd; usermod -aG for the groups
# run_in: workspace
set -euo pipefail
scp -q ~/.ssh/deploy_ed25519.pub web01:deploy.pub
# == run_in: web ==
set -euo pipefail
u="$LAB_PARAM_DEPLOY_USER" g="$LAB_PARAM_APP_GROUP"
getent group "$g" >/dev/null || groupadd "$g"
useradd --create-home --shell /bin/bash "$u"
usermod -aG sudo "$u"
usermod -aG "$g" "$u"
mkdir -p "/home/$u/.ssh"
cp /home/admin/deploy.pub "/home/$u/.ssh/authorized_keys"
chown -R "$u:$u" "/home/$u/.ssh"
chmod 700 "/home/$u/.ssh"; chmod 600 "/home/$u/.ssh/authorized_keys"
rm /etc/ssh/sshd_config.d/10-migration.conf
sed -i 's/^#\?PasswordAuthentication .*/PasswordAuthentication no/' /etc/ssh/sshd_config
grep -q '^PasswordAuthentication no' /etc/ssh/sshd_config
service ssh restart
chown -R :"$g" /srv/shop
chmod -R g+w /srv/shop
