#!/bin/bash
# Reference solution: one tagged instance in the first subnet, behind the web group.
set -euo pipefail
cd infra
cat > instance.tf <<TF
data "aws_ami" "ubuntu" {
  most_recent = true
  owners      = ["099720109477"]

  filter {
    name   = "name"
    values = ["ubuntu/images/hvm-ssd/ubuntu-*"]
  }
}

resource "aws_instance" "web" {
  ami                    = data.aws_ami.ubuntu.id
  instance_type          = "${LAB_PARAM_INSTANCE_TYPE}"
  subnet_id              = module.network.subnet_ids[0]
  vpc_security_group_ids = [module.network.security_group_id]

  tags = {
    Name    = "${LAB_PARAM_PROJECT}-web"
    Project = "${LAB_PARAM_PROJECT}"
  }
}
TF
terraform init -input=false -no-color >/dev/null
terraform apply -auto-approve -input=false -no-color >/dev/null
