#!/bin/bash
# Container start for the python-ops lab. One image, four roles:
#   workspace  your machine: Python and the libraries, the env's SSH key in /root/.ssh
#   host       a server your tool reaches over SSH (as $LAB_REMOTE_USER, with the env's key)
#   down       a server whose SSH daemon is not running (connections are refused)
#   app        a small service with a Docker healthcheck (healthy while /run/healthy exists);
#              it refuses to start while /state/corrupt exists
set -u
role="${1:-workspace}"
keys=/opt/lab/keys

env_key() {
  # the env's key pair, made at first start by whichever machine comes first
  flock "$keys/.lock" bash -c '
    [ -e "$1/id_ed25519" ] || ssh-keygen -q -t ed25519 -N "" -C "ops@workspace" -f "$1/id_ed25519"
  ' keygen "$keys"
}

case "$role" in
  workspace)
    env_key
    if [ ! -e /root/.ssh/id_ed25519 ]; then
      install -d -m 0700 /root/.ssh
      install -m 0600 "$keys/id_ed25519" /root/.ssh/id_ed25519
      install -m 0644 "$keys/id_ed25519.pub" /root/.ssh/id_ed25519.pub
    fi
    touch /run/lab-ready
    exec sleep infinity
    ;;
  host)
    env_key
    user="${LAB_REMOTE_USER:?}"
    id "$user" >/dev/null 2>&1 || useradd -m -s /bin/bash "$user"
    if [ ! -e "/home/$user/.ssh/authorized_keys" ]; then
      install -d -m 0700 -o "$user" -g "$user" "/home/$user/.ssh"
      install -m 0600 -o "$user" -g "$user" "$keys/id_ed25519.pub" "/home/$user/.ssh/authorized_keys"
    fi
    [ -e /etc/ssh/ssh_host_ed25519_key ] || ssh-keygen -q -t ed25519 -N '' -f /etc/ssh/ssh_host_ed25519_key
    mkdir -p /run/sshd
    touch /run/lab-ready
    exec /usr/sbin/sshd -D -e -h /etc/ssh/ssh_host_ed25519_key
    ;;
  down)
    touch /run/lab-ready
    exec sleep infinity
    ;;
  app)
    if [ -e /state/corrupt ]; then
      echo "$(hostname): /state is corrupt, refusing to start" >&2
      exit 1
    fi
    touch /run/healthy
    exec sleep infinity
    ;;
  *)
    echo "unknown role '$role'; choose from: workspace, host, down, app" >&2
    exit 2
    ;;
esac
