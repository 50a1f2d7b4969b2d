#!/bin/bash
# Container start of the deploy lab: `init.sh apps` (the app server) or `init.sh lb`
# (the load balancer and your workspace).
set -u
case "${1:-lb}" in
  apps)
    exec /usr/bin/python3 /opt/fleet/fleetd.py
    ;;
  lb)
    [ -e /etc/ssh/ssh_host_ed25519_key ] || ssh-keygen -q -t ed25519 -N '' -f /etc/ssh/ssh_host_ed25519_key
    mkdir -p /deploy/bin /run/sshd
    # SSH logins (a class) get the lab's settings too: PATH with /deploy/bin, your parameters
    for v in PATH FLEET_URL REPLICAS MAX_UNAVAILABLE CANARY_STEPS WATCH_SECONDS MAX_ERROR_PCT; do
      printf 'export %s=%q\n' "$v" "${!v-}"
    done > /etc/profile.d/deploy-lab.sh
    # Pin the app server's address: nginx resolves `apps` at every `nginx -t` and reload,
    # and /etc/hosts answers at once where the engine's DNS may be slow on a busy machine.
    for _ in $(seq 100); do
      ip=$(getent ahostsv4 apps | awk 'NR == 1 {print $1}')
      [ -n "$ip" ] && break
      sleep 0.1
    done
    if [ -n "$ip" ] && ! grep -q ' apps$' /etc/hosts; then echo "$ip apps" >> /etc/hosts; fi
    /usr/sbin/sshd
    nginx 2>>/var/log/nginx/boot-errors.log || echo "nginx did not start (see nginx -t)" >&2
    touch /run/lab-ready
    exec sleep infinity
    ;;
  *)
    echo "unknown role '$1'; choose from: apps, lb" >&2
    exit 2
    ;;
esac
