#!/usr/bin/env bash
# expect: pass
# why: the instance's type moved into a variable with the same value: a refactor that must plan nothing
# needs: network, instance
set -euo pipefail
cd infra
python3 - <<'PY'
import os
import re
text = open("instance.tf").read()
text = re.sub(r'instance_type\s*=\s*"[^"]*"', "instance_type          = var.web_instance_type", text)
text = 'variable "web_instance_type" {\n  type    = string\n  default = "%s"\n}\n\n' % os.environ["LAB_PARAM_INSTANCE_TYPE"] + text
open("instance.tf", "w").write(text)
PY
terraform plan -detailed-exitcode -input=false -no-color >/dev/null
