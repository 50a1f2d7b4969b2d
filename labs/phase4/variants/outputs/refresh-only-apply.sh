#!/usr/bin/env bash
# expect: pass
# why: outputs added, then recorded with `terraform apply -refresh-only` (no resource changes needed)
# needs: network, instance
set -euo pipefail
cd infra
cat > outputs.tf <<'TF'
locals {
  ids = {
    vpc      = module.network.vpc_id
    subnets  = module.network.subnet_ids
    group    = module.network.security_group_id
    instance = aws_instance.web.id
  }
}
output "vpc_id" { value = local.ids.vpc }
output "subnet_ids" { value = local.ids.subnets }
output "security_group_id" { value = local.ids.group }
output "instance_id" { value = local.ids.instance }
output "instance_private_ip" { value = aws_instance.web.private_ip }
TF
terraform apply -refresh-only -auto-approve -input=false -no-color >/dev/null
