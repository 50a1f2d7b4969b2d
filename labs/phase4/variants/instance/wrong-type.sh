#!/usr/bin/env bash
# expect: fail
# why: the smallest type, t3.nano, instead of the one the task names
# feedback: expected instance type
# needs: network
set -euo pipefail
cd infra
cat > instance.tf <<TF
resource "aws_instance" "web" {
  ami                    = "ami-1e749f67"
  instance_type          = "t3.nano"
  subnet_id              = module.network.subnet_ids[0]
  vpc_security_group_ids = [module.network.security_group_id]
  tags                   = { Name = "web", Project = "$LAB_PARAM_PROJECT" }
}
TF
terraform apply -auto-approve -input=false -no-color >/dev/null
