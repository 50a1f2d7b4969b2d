#!/usr/bin/env bash
# expect: pass
# why: everything through `ssh web01 sudo ...` from the workstation (-n: the script itself is on stdin); useradd's default shell (/bin/sh); the key piped over ssh
# run_in: workspace
set -euo pipefail
u="$LAB_PARAM_DEPLOY_USER" g="$LAB_PARAM_APP_GROUP"
ssh -n web01 "sudo groupadd -f $g && sudo useradd -m -G sudo,$g $u"
ssh -n web01 "sudo install -d -m 700 -o $u -g $u /home/$u/.ssh"
ssh web01 "sudo tee /home/$u/.ssh/authorized_keys >/dev/null && sudo chown $u: /home/$u/.ssh/authorized_keys && sudo chmod 600 /home/$u/.ssh/authorized_keys" \
  < ~/.ssh/deploy_ed25519.pub
ssh -n web01 "sudo sed -i 's/^PasswordAuthentication.*/PasswordAuthentication no/' /etc/ssh/sshd_config.d/10-migration.conf && sudo service ssh reload"
# sshd re-execs on reload and refuses connections for a moment: wait for it, as a learner would
for _ in $(seq 50); do ssh -n -o ConnectTimeout=2 web01 true 2>/dev/null && break; sleep 0.2; done
ssh -n web01 "sudo chgrp -R $g /srv/shop && sudo chmod -R g+rwX,o-w /srv/shop && sudo find /srv/shop -type d -exec chmod g+s {} +"
