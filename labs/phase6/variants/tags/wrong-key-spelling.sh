#!/usr/bin/env bash
# expect: fail
# why: default_tags with the key spelled Costcenter: tag keys are case-sensitive
# feedback: no CostCenter
# needs: bucket, iam, network
set -euo pipefail
cd terraform
python3 - "$LAB_PARAM_COST_CENTER" "$LAB_PARAM_OWNER" <<'PY'
import re, sys
text = open("provider.tf").read()
block = f'  default_tags {{\n    tags = {{\n      Costcenter = "{sys.argv[1]}"\n      Owner      = "{sys.argv[2]}"\n    }}\n  }}\n'
text = re.sub(r'(provider "aws" \{\n)', lambda m: m.group(1) + block, text, count=1)
open("provider.tf", "w").write(text)
PY
terraform apply -auto-approve -input=false -no-color >/dev/null
