#!/usr/bin/env bash
# expect: fail
# why: instance_private_ip given the instance's public IP
# feedback: instance_private_ip
# needs: network, instance
set -euo pipefail
cd infra
cat > outputs.tf <<'TF'
output "vpc_id" { value = module.network.vpc_id }
output "subnet_ids" { value = module.network.subnet_ids }
output "security_group_id" { value = module.network.security_group_id }
output "instance_id" { value = aws_instance.web.id }
output "instance_private_ip" { value = aws_instance.web.public_ip }
TF
terraform apply -auto-approve -input=false -no-color >/dev/null
