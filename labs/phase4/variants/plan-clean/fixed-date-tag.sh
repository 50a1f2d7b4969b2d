#!/usr/bin/env bash
# expect: fail
# why: a fixed-date "Created" tag put on the VPC with aws_ec2_tag while aws_vpc manages the VPC's tags: aws_vpc plans to remove it again on every plan, so the plan never settles
# feedback: updated in-place|nothing to change
# needs: network, instance
set -euo pipefail
cd infra
cat > tags.tf <<'TF'
locals {
  created = "2024-06-01"
}
resource "aws_ec2_tag" "vpc_created" {
  resource_id = module.network.vpc_id
  key         = "Created"
  value       = local.created
}
TF
terraform apply -auto-approve -input=false -no-color >/dev/null
