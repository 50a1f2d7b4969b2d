#!/usr/bin/env bash
# expect: fail
# why: everything tagged with default_tags, then a second subnet added by hand with the CLI, untagged
# feedback: subnet
# needs: bucket, iam, network
set -euo pipefail
cd terraform
python3 - "$LAB_PARAM_COST_CENTER" "$LAB_PARAM_OWNER" <<'PY'
import re, sys
text = open("provider.tf").read()
block = f'  default_tags {{\n    tags = {{\n      CostCenter = "{sys.argv[1]}"\n      Owner      = "{sys.argv[2]}"\n    }}\n  }}\n'
text = re.sub(r'(provider "aws" \{\n)', lambda m: m.group(1) + block, text, count=1)
open("provider.tf", "w").write(text)
PY
terraform apply -auto-approve -input=false -no-color >/dev/null
vpc=$(aws ec2 describe-vpcs --filters "Name=cidr-block,Values=10.$LAB_PARAM_VPC_OCTET.0.0/16" --query 'Vpcs[0].VpcId' --output text)
aws ec2 create-subnet --vpc-id "$vpc" --cidr-block "10.$LAB_PARAM_VPC_OCTET.99.0/24" >/dev/null
