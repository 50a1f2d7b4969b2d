#!/usr/bin/env bash
# expect: pass
# why: a "created" tag added to the VPC as a fixed date in a local, not timestamp(), so it settles after one apply
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
