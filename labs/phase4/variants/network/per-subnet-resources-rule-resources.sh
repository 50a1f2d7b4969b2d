#!/usr/bin/env bash
# expect: pass
# why: module "net" with one resource per subnet and explicit AZ names, security group rules as separate aws_vpc_security_group_ingress_rule resources
set -euo pipefail
cd infra
mkdir -p modules/network
cat > modules/network/main.tf <<'TF'
variable "name" { type = string }
variable "cidr" { type = string }
variable "ssh_from" { type = string }
variable "zones" { type = list(string) }

resource "aws_vpc" "main" {
  cidr_block = var.cidr
  tags       = { Project = var.name }
}

resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet(var.cidr, 4, 1)
  availability_zone = var.zones[0]
}

resource "aws_subnet" "b" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet(var.cidr, 4, 2)
  availability_zone = var.zones[1]
}

resource "aws_security_group" "web" {
  name   = "${var.name}-web-sg"
  vpc_id = aws_vpc.main.id
}

resource "aws_vpc_security_group_ingress_rule" "ssh" {
  security_group_id = aws_security_group.web.id
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv4         = var.ssh_from
}

resource "aws_vpc_security_group_ingress_rule" "http" {
  security_group_id = aws_security_group.web.id
  ip_protocol       = "tcp"
  from_port         = 80
  to_port           = 80
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_egress_rule" "all" {
  security_group_id = aws_security_group.web.id
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
}

output "vpc" { value = aws_vpc.main.id }
output "subnets" { value = [aws_subnet.a.id, aws_subnet.b.id] }
output "sg" { value = aws_security_group.web.id }
TF
cat > main.tf <<TF
module "net" {
  source   = "./modules/network"
  name     = "$LAB_PARAM_PROJECT"
  cidr     = "10.$LAB_PARAM_VPC_OCTET.0.0/16"
  ssh_from = "203.0.113.$LAB_PARAM_ADMIN_OCTET/32"
  zones    = ["${AWS_REGION}a", "${AWS_REGION}b"]
}
TF
terraform init -input=false -no-color >/dev/null
terraform apply -auto-approve -input=false -no-color >/dev/null
