#!/usr/bin/env bash
# expect: fail
# why: tagged Project only, no Name tag
# feedback: Name tag
# needs: network
set -euo pipefail
cd infra
cat > instance.tf <<TF
resource "aws_instance" "web" {
  ami                    = "ami-1e749f67"
  instance_type          = "$LAB_PARAM_INSTANCE_TYPE"
  subnet_id              = module.network.subnet_ids[0]
  vpc_security_group_ids = [module.network.security_group_id]
  tags                   = { Project = "$LAB_PARAM_PROJECT" }
}
TF
terraform apply -auto-approve -input=false -no-color >/dev/null
