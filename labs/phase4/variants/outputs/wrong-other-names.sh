#!/usr/bin/env bash
# expect: fail
# why: the outputs applied under names of the learner's own (vpc, subnets, sg, instance, ip) instead of the table's
# feedback: expected an output vpc_id
# needs: network, instance
set -euo pipefail
cd infra
cat > outputs.tf <<'TF'
output "vpc" { value = module.network.vpc_id }
output "subnets" { value = module.network.subnet_ids }
output "sg" { value = module.network.security_group_id }
output "instance" { value = aws_instance.web.id }
output "ip" { value = aws_instance.web.private_ip }
TF
terraform apply -auto-approve -input=false -no-color >/dev/null
