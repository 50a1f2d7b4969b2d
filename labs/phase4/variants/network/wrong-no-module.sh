#!/usr/bin/env bash
# expect: fail
# why: the same resources written straight into infra/main.tf (the root module), no module
# feedback: made by a module
set -euo pipefail
cat > infra/main.tf <<TF
data "aws_availability_zones" "available" {}

resource "aws_vpc" "this" {
  cidr_block = "10.$LAB_PARAM_VPC_OCTET.0.0/16"
  tags       = { Project = "$LAB_PARAM_PROJECT" }
}

resource "aws_subnet" "public" {
  count             = 2
  vpc_id            = aws_vpc.this.id
  cidr_block        = cidrsubnet(aws_vpc.this.cidr_block, 8, count.index)
  availability_zone = data.aws_availability_zones.available.names[count.index]
}

resource "aws_security_group" "web" {
  vpc_id = aws_vpc.this.id
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["203.0.113.$LAB_PARAM_ADMIN_OCTET/32"]
  }
  ingress {
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
TF
cd infra && terraform init -input=false -no-color >/dev/null && terraform apply -auto-approve -input=false -no-color >/dev/null
