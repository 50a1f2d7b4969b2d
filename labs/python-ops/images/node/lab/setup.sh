#!/bin/bash
# Build-time setup of the python-ops image (run once by the Dockerfile).
set -euo pipefail
install -m 0755 /opt/lab/init.sh /usr/local/sbin/lab-init
install -m 0755 /opt/lab/probe.sh /usr/local/bin/lab-probe
install -d -m 0755 /etc/lab /run/sshd
printf 'PasswordAuthentication no\nKbdInteractiveAuthentication no\nUseDNS no\nPrintMotd no\n' \
  > /etc/ssh/sshd_config.d/10-lab.conf
# host keys are made at first start, per container (never shared through the image)
rm -f /etc/ssh/ssh_host_*
