#!/bin/bash
# Build-time setup of the deploy lab's image (both roles).
set -euo pipefail
install -m 0755 /opt/fleet/fleet.sh /usr/local/bin/fleet
install -m 0755 /opt/fleet/plant.sh /usr/local/sbin/fleet-plant
install -m 0755 /opt/fleet/fault.sh /usr/local/sbin/fleet-fault
chmod 0755 /opt/fleet/fleetd.py /opt/fleet/app.py /opt/lab/init.sh

# The release store on the app server: v1 and v2 are good builds, v3 is known to be broken
# (its /api/items fails): try your smoke test on it.
fleet-plant v1 good
fleet-plant v2 good
fleet-plant v3 api500

# nginx: the lab's server blocks live in the workspace (/deploy/nginx/*.conf).
rm -f /etc/nginx/sites-enabled/default
install -m 0644 /opt/lab/nginx.conf /etc/nginx/nginx.conf
# HAProxy is installed too, not started; keep its example config out of the way.
mv /etc/haproxy/haproxy.cfg /etc/haproxy/haproxy.cfg.example

# In a class, students log in to lb over SSH as root (labctl sets the password and key).
printf 'PermitRootLogin yes\nPasswordAuthentication yes\n' > /etc/ssh/sshd_config.d/05-deploy.conf
rm -f /etc/ssh/ssh_host_*
