#!/usr/bin/env bash
# expect: fail
# why: a "deployed at" tag from timestamp(): every plan wants to change it
# feedback: it plans
# needs: network, instance
set -euo pipefail
cd infra
cat > tags.tf <<'TF'
resource "aws_ec2_tag" "deployed" {
  resource_id = aws_instance.web.id
  key         = "DeployedAt"
  value       = timestamp()
}
TF
terraform apply -auto-approve -input=false -no-color >/dev/null
