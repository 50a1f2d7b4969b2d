#!/bin/bash
# lab-probe [SECONDS]: a harmless command to run across the hosts. It prints this host's name,
# takes SECONDS (default 2) and notes in /tmp/lab-probe.log when it started and ended, so you
# (and the grader) can see whether your tool ran the hosts one after another or at once.
# /etc/lab/probe-mode makes it misbehave on purpose: ok (default), fail (exit 3), hang.
mode=$(cat /etc/lab/probe-mode 2>/dev/null || echo ok)
echo "start $(date +%s.%N)" >> /tmp/lab-probe.log
if [ "$mode" = hang ]; then
  sleep 120
fi
sleep "${1:-2}"
echo "end $(date +%s.%N)" >> /tmp/lab-probe.log
echo "probe $(hostname) ok"
if [ "$mode" = fail ]; then
  echo "probe: the health endpoint of $(hostname) answered 503" >&2
  exit 3
fi
