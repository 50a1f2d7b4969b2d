#!/usr/bin/env bash
# expect: pass
# why: Terraform with inline ingress blocks and an aws_network_interface attached through a network_interface block
set -euo pipefail
cd terraform
cat > network.tf <<TF
resource "aws_vpc" "web" {
  cidr_block           = "10.$LAB_PARAM_VPC_OCTET.0.0/16"
  enable_dns_hostnames = false
}

resource "aws_subnet" "a" {
  vpc_id     = aws_vpc.web.id
  cidr_block = cidrsubnet(aws_vpc.web.cidr_block, 8, 20)
}

resource "aws_security_group" "web" {
  name   = "web"
  vpc_id = aws_vpc.web.id
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["198.51.100.$LAB_PARAM_ADMIN_OCTET/32"]
  }
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_network_interface" "web" {
  subnet_id       = aws_subnet.a.id
  security_groups = [aws_security_group.web.id]
}

resource "aws_instance" "web" {
  ami           = "ami-04681a1dbd79675a5"
  instance_type = "$LAB_PARAM_INSTANCE_TYPE"
  network_interface {
    network_interface_id = aws_network_interface.web.id
    device_index         = 0
  }
  tags = { Name = "$LAB_PARAM_INSTANCE_NAME" }
}
TF
terraform init -input=false -no-color >/dev/null
terraform apply -auto-approve -input=false -no-color >/dev/null
