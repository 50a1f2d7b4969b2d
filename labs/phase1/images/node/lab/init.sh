#!/bin/bash
# Container start for the phase1 lab. One image, three roles: web, backup, workspace.
set -u
role="${1:-workspace}"

case "$role" in
  web)
    log=/var/log/nginx/access.log.1
    [ -s "$log" ] || /opt/lab/genlog.py "$log"
    service ssh start
    # The storefront config is broken on purpose: nginx does not come up.
    nginx 2>>/var/log/nginx/boot-errors.log || echo "nginx failed to start (see nginx -t)" >&2
    ;;
  backup)
    install -d -m 0750 /srv/backups
    service ssh start
    ;;
  workspace)
    if [ ! -e /root/.ssh/id_ed25519 ]; then
      install -d -m 0700 /root/.ssh
      install -m 0600 /opt/lab/keys/admin_ed25519 /root/.ssh/id_ed25519
      install -m 0644 /opt/lab/keys/admin_ed25519.pub /root/.ssh/id_ed25519.pub
      install -m 0600 /opt/lab/keys/deploy_ed25519 /root/.ssh/deploy_ed25519
      install -m 0644 /opt/lab/keys/deploy_ed25519.pub /root/.ssh/deploy_ed25519.pub
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
