#!/usr/bin/env bash
# expect: fail
# why: the subnet given but no security group: the instance gets the VPC's default group
# feedback: expected the security group
# needs: network
set -euo pipefail
cd infra
cat > instance.tf <<TF
resource "aws_instance" "web" {
  ami           = "ami-1e749f67"
  instance_type = "$LAB_PARAM_INSTANCE_TYPE"
  subnet_id     = module.network.subnet_ids[0]
  tags          = { Name = "web", Project = "$LAB_PARAM_PROJECT" }
}
TF
terraform apply -auto-approve -input=false -no-color >/dev/null
