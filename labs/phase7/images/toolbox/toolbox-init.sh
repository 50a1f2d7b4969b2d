#!/bin/bash
# Start of the toolbox container: seed the git repo of task git-history once
# (into the bind-mounted workspace), then idle. The healthcheck waits for the marker.
set -euo pipefail
if [ ! -e /workspace/repo ]; then
  /opt/lab/seed-repo.sh /workspace/repo
fi
owner=$(stat -c %u:%g /workspace)
if [ "${owner%%:*}" != 0 ]; then
  # What the learner makes in here as root would be root's on the host, where they
  # (and `labctl down`) could not delete it: hand it back to the workspace's owner.
  ( while sleep 5; do chown -R --from=0:0 "$owner" /workspace 2>/dev/null || true; done ) &
fi
touch /tmp/.seeded
exec sleep infinity
