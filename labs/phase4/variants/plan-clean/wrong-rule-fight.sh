#!/usr/bin/env bash
# expect: fail
# why: an extra aws_security_group_rule for port 443 on the group that already has inline ingress blocks: the two fight on every plan
# feedback: it plans
# needs: network, instance
set -euo pipefail
cd infra
cat > https.tf <<'TF'
resource "aws_security_group_rule" "https" {
  type              = "ingress"
  security_group_id = module.network.security_group_id
  protocol          = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_blocks       = ["0.0.0.0/0"]
}
TF
terraform apply -auto-approve -input=false -no-color >/dev/null
