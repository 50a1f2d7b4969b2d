#!/usr/bin/env bash
# expect: pass
# why: an AMI lookup, the instance type as a variable, extra tags, and ignore_changes on the AMI
# needs: network
set -euo pipefail
cd infra
cat > instance.tf <<TF
variable "instance_type" {
  type    = string
  default = "$LAB_PARAM_INSTANCE_TYPE"
}

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
  instance_type          = var.instance_type
  subnet_id              = element(module.network.subnet_ids, 0)
  vpc_security_group_ids = [module.network.security_group_id]
  tags = {
    Name        = "web-1"
    Project     = "$LAB_PARAM_PROJECT"
    Environment = "lab"
  }
  lifecycle {
    ignore_changes = [ami]
  }
}
TF
terraform apply -auto-approve -input=false -no-color >/dev/null
