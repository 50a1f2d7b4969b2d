#!/usr/bin/env bash
# expect: fail
# why: AllowEverything deleted and nothing put in its place: the service can no longer work
# feedback: cannot do what inventory-api needs|no policy
set -euo pipefail
aws iam delete-user-policy --user-name "$LAB_PARAM_SERVICE_USER" --policy-name AllowEverything
