#!/usr/bin/env bash
# expect: pass
# why: the ids read from the instance itself where it has them (its VPC security group ids, its subnet's VPC)
# needs: network, instance
set -euo pipefail
cd infra
cat > outputs.tf <<'TF'
data "aws_subnet" "web" {
  id = aws_instance.web.subnet_id
}
output "vpc_id" {
  value = data.aws_subnet.web.vpc_id
}
output "subnet_ids" {
  value = module.network.subnet_ids
}
output "security_group_id" {
  value = one(aws_instance.web.vpc_security_group_ids)
}
output "instance_id" {
  value = aws_instance.web.id
}
output "instance_private_ip" {
  value = aws_instance.web.private_ip
}
TF
terraform apply -auto-approve -input=false -no-color >/dev/null
