#!/usr/bin/env bash
# expect: pass
# why: outputs with descriptions in their own file, subnet ids through tolist()
# needs: network, instance
set -euo pipefail
cd infra
cat > outputs.tf <<'TF'
output "vpc_id" {
  description = "The web tier's VPC"
  value       = module.network.vpc_id
}
output "subnet_ids" {
  description = "Both subnets, one per AZ"
  value       = tolist(module.network.subnet_ids)
}
output "security_group_id" {
  description = "The web security group"
  value       = module.network.security_group_id
}
output "instance_id" {
  value = aws_instance.web.id
}
output "instance_private_ip" {
  value = aws_instance.web.private_ip
}
TF
terraform apply -auto-approve -input=false -no-color >/dev/null
terraform output -json >/dev/null
