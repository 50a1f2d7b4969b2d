#!/usr/bin/env bash
# expect: fail
# why: account, groups and shared folder right, but no key installed and the migration drop-in left as it is
# run_in: web
# feedback: deploy_ed25519
# feedback: still offers .* password logins
set -euo pipefail
u="$LAB_PARAM_DEPLOY_USER" g="$LAB_PARAM_APP_GROUP"
groupadd -f "$g"
useradd -m -s /bin/bash -G "sudo,$g" "$u"
chgrp -R "$g" /srv/shop && chmod -R g+w /srv/shop
