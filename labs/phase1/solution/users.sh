#!/bin/bash
# Reference solution: run on the workstation; configures web01 over SSH as admin.
set -euo pipefail
user="$LAB_PARAM_DEPLOY_USER"
group="$LAB_PARAM_APP_GROUP"
pub="$(cat /root/.ssh/deploy_ed25519.pub)"

# shellcheck disable=SC2029  # the arguments are meant to expand here
ssh -o BatchMode=yes admin@web01 "sudo bash -s $(printf '%q ' "$user" "$group" "$pub")" <<'REMOTE'
set -euo pipefail
user="$1" group="$2" pub="$3"

getent group "$group" >/dev/null || groupadd "$group"
id -u "$user" >/dev/null 2>&1 || useradd --create-home --shell /bin/bash "$user"
usermod -aG "sudo,$group" "$user"

home="$(getent passwd "$user" | cut -d: -f6)"
install -d -m 0700 -o "$user" -g "$user" "$home/.ssh"
printf '%s\n' "$pub" > "$home/.ssh/authorized_keys"
chown "$user:$user" "$home/.ssh/authorized_keys"
chmod 0600 "$home/.ssh/authorized_keys"

# The shop's files: group-owned, group-writable, new files inherit the group.
chgrp -R "$group" /srv/shop
chmod -R g+w,o-w /srv/shop
find /srv/shop -type d -exec chmod g+s {} +

# Passwords off: remove the migration leftover and say it explicitly.
rm -f /etc/ssh/sshd_config.d/10-migration.conf
printf 'PasswordAuthentication no\nKbdInteractiveAuthentication no\n' > /etc/ssh/sshd_config.d/50-keys-only.conf
sshd -t
service ssh reload
REMOTE
