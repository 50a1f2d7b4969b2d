#!/usr/bin/env bash
# expect: fail
# why: security_group_id looked up by a data source that finds the VPC's `default` group, not the web group
# feedback: security_group_id
# needs: network, instance
set -euo pipefail
cd infra
cat > outputs.tf <<'TF'
data "aws_security_group" "vpc" {
  vpc_id = module.network.vpc_id
  name   = "default"
}
output "vpc_id" { value = module.network.vpc_id }
output "subnet_ids" { value = module.network.subnet_ids }
output "security_group_id" { value = data.aws_security_group.vpc.id }
output "instance_id" { value = aws_instance.web.id }
output "instance_private_ip" { value = aws_instance.web.private_ip }
TF
terraform apply -auto-approve -input=false -no-color >/dev/null
