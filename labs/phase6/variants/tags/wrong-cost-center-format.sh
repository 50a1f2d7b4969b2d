#!/usr/bin/env bash
# expect: fail
# why: the cost center written the way finance says it, "CC-<number>", not the exact value
# feedback: CostCenter='CC-
# needs: bucket, iam, network
set -euo pipefail
cd terraform
python3 - "$LAB_PARAM_COST_CENTER" "$LAB_PARAM_OWNER" <<'PY'
import re, sys
text = open("provider.tf").read()
block = f'  default_tags {{\n    tags = {{\n      CostCenter = "CC-{sys.argv[1]}"\n      Owner      = "{sys.argv[2]}"\n    }}\n  }}\n'
text = re.sub(r'(provider "aws" \{\n)', lambda m: m.group(1) + block, text, count=1)
open("provider.tf", "w").write(text)
PY
terraform apply -auto-approve -input=false -no-color >/dev/null
