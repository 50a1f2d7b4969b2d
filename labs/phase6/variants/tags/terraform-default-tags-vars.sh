#!/usr/bin/env bash
# expect: pass
# why: provider default_tags fed from a variable and terraform.tfvars, then one apply of the whole stack
# needs: bucket, iam, network
set -euo pipefail
cd terraform
python3 - <<'PY'
import re
text = open("provider.tf").read()
if "default_tags" not in text:
    text = re.sub(r'(provider "aws" \{\n)', r'\1  default_tags {\n    tags = var.cost_tags\n  }\n', text, count=1)
    open("provider.tf", "w").write(text)
PY
cat > tagging.tf <<'TF'
variable "cost_tags" {
  type        = map(string)
  description = "Cost-allocation tags finance needs on every resource"
}
TF
cat > terraform.tfvars <<TF
cost_tags = {
  CostCenter = "$LAB_PARAM_COST_CENTER"
  Owner      = "$LAB_PARAM_OWNER"
}
TF
terraform apply -auto-approve -input=false -no-color >/dev/null
