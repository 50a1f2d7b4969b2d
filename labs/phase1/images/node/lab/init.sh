#!/bin/bash
# Container start for the phase1 lab. One image, three roles: web, backup, workspace.
set -u
role="${1:-workspace}"
keys=/opt/lab/keys

# Secrets of this env only, made at first start. The host key is this machine's; the admin
# and deploy key pairs are the env's, shared by its three machines through the `keys`
# volume (whichever starts first makes them, under a lock).
[ -e /etc/ssh/ssh_host_ed25519_key ] || ssh-keygen -q -t ed25519 -N '' -f /etc/ssh/ssh_host_ed25519_key
flock "$keys/.lock" bash -c '
  [ -e "$1/admin_ed25519" ] || ssh-keygen -q -t ed25519 -N "" -C "you@workstation" -f "$1/admin_ed25519"
  [ -e "$1/deploy_ed25519" ] || ssh-keygen -q -t ed25519 -N "" -C "deploy@ci.pebble.example" -f "$1/deploy_ed25519"
' keygen "$keys"

# Your admin account on the servers logs in with your key.
admin_login() {
  if [ ! -e /home/admin/.ssh/authorized_keys ]; then
    install -d -m 0700 -o admin -g admin /home/admin/.ssh
    install -m 0600 -o admin -g admin "$keys/admin_ed25519.pub" /home/admin/.ssh/authorized_keys
  fi
}

case "$role" in
  web)
    admin_login
    log=/var/log/nginx/access.log.1
    [ -s "$log" ] || /opt/lab/genlog.py "$log"
    service ssh start
    # The storefront config is broken on purpose: nginx does not come up.
    nginx 2>>/var/log/nginx/boot-errors.log || echo "nginx failed to start (see nginx -t)" >&2
    ;;
  backup)
    admin_login
    install -d -m 0750 /srv/backups
    service ssh start
    ;;
  workspace)
    if [ ! -e /root/.ssh/id_ed25519 ]; then
      install -d -m 0700 /root/.ssh
      install -m 0600 "$keys/admin_ed25519" /root/.ssh/id_ed25519
      install -m 0644 "$keys/admin_ed25519.pub" /root/.ssh/id_ed25519.pub
      install -m 0600 "$keys/deploy_ed25519" /root/.ssh/deploy_ed25519
      install -m 0644 "$keys/deploy_ed25519.pub" /root/.ssh/deploy_ed25519.pub
      printf 'Host web01 backup01\n    User admin\n    StrictHostKeyChecking accept-new\n' > /root/.ssh/config
      chmod 0600 /root/.ssh/config
    fi
    if [ ! -e /root/shop-site ]; then
      cp -a /opt/lab/site /root/shop-site
    fi
    # In a class, students log in here over SSH as root (labctl sets the password and key).
    printf 'PermitRootLogin yes\nPasswordAuthentication yes\n' > /etc/ssh/sshd_config.d/05-workstation.conf
    service ssh start
    ;;
  *)
    echo "unknown role '$role'; choose from: web, backup, workspace" >&2
    exit 2
    ;;
esac

touch /run/lab-ready
exec sleep infinity
