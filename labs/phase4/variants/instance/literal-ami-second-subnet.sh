#!/usr/bin/env bash
# expect: pass
# why: the literal AMI id, the second subnet, a Name built with format()
# needs: network
set -euo pipefail
cd infra
cat > web.tf <<TF
resource "aws_instance" "app" {
  ami                    = "ami-1e749f67"
  instance_type          = "$LAB_PARAM_INSTANCE_TYPE"
  subnet_id              = module.network.subnet_ids[1]
  vpc_security_group_ids = [module.network.security_group_id]
  tags = {
    Name    = format("%s-app-%02d", "$LAB_PARAM_PROJECT", 1)
    Project = "$LAB_PARAM_PROJECT"
  }
}
TF
terraform apply -auto-approve -input=false -no-color >/dev/null
