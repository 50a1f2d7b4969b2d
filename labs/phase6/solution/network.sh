#!/bin/bash
# Reference solution of task network (host, cwd = workspace): VPC, subnet, security
# group (HTTPS from anywhere, SSH from the admin /32) and the web server.
set -euo pipefail
cd terraform
cat > network.tf <<TF
resource "aws_vpc" "main" {
  cidr_block = "10.${LAB_PARAM_VPC_OCTET}.0.0/16"
}

resource "aws_subnet" "web" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.${LAB_PARAM_VPC_OCTET}.1.0/24"
}

resource "aws_security_group" "web" {
  name        = "web"
  description = "HTTPS from anywhere, SSH from the admin address"
  vpc_id      = aws_vpc.main.id
}

resource "aws_vpc_security_group_ingress_rule" "https" {
  security_group_id = aws_security_group.web.id
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_ingress_rule" "ssh" {
  security_group_id = aws_security_group.web.id
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv4         = "198.51.100.${LAB_PARAM_ADMIN_OCTET}/32"
}

data "aws_ami" "linux" {
  most_recent = true
  owners      = ["amazon"]
  filter {
    name   = "name"
    values = ["amzn2-ami-hvm-*-x86_64-gp2"]
  }
}

resource "aws_instance" "web" {
  ami                    = data.aws_ami.linux.id
  instance_type          = "${LAB_PARAM_INSTANCE_TYPE}"
  subnet_id              = aws_subnet.web.id
  vpc_security_group_ids = [aws_security_group.web.id]
  tags = {
    Name = "${LAB_PARAM_INSTANCE_NAME}"
  }
}
TF
terraform init -input=false -no-color >/dev/null
terraform apply -auto-approve -input=false -no-color | tail -n 1
