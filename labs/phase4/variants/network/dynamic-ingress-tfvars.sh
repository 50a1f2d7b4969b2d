#!/usr/bin/env bash
# expect: pass
# why: inline ingress from a dynamic block over a list of rules, count-based subnets, the values in terraform.tfvars
set -euo pipefail
cd infra
mkdir -p modules/network
cat > modules/network/main.tf <<'TF'
variable "project" { type = string }
variable "cidr_block" { type = string }
variable "ingress" {
  type = list(object({ port = number, cidrs = list(string) }))
}

data "aws_availability_zones" "available" {
  state = "available"
}

resource "aws_vpc" "vpc" {
  cidr_block = var.cidr_block
  tags       = { Project = var.project }
}

resource "aws_subnet" "public" {
  count             = 2
  vpc_id            = aws_vpc.vpc.id
  cidr_block        = cidrsubnet(var.cidr_block, 4, count.index)
  availability_zone = data.aws_availability_zones.available.names[count.index]
}

resource "aws_security_group" "web" {
  name   = "web"
  vpc_id = aws_vpc.vpc.id
  dynamic "ingress" {
    for_each = var.ingress
    content {
      protocol    = "tcp"
      from_port   = ingress.value.port
      to_port     = ingress.value.port
      cidr_blocks = ingress.value.cidrs
    }
  }
  egress {
    protocol    = "-1"
    from_port   = 0
    to_port     = 0
    cidr_blocks = ["0.0.0.0/0"]
  }
}

output "vpc_id" { value = aws_vpc.vpc.id }
output "subnet_ids" { value = aws_subnet.public[*].id }
output "security_group_id" { value = aws_security_group.web.id }
TF
cat > main.tf <<'TF'
variable "project" { type = string }
variable "vpc_cidr" { type = string }
variable "admin_cidr" { type = string }

module "network" {
  source     = "./modules/network"
  project    = var.project
  cidr_block = var.vpc_cidr
  ingress = [
    { port = 22, cidrs = [var.admin_cidr] },
    { port = 80, cidrs = ["0.0.0.0/0"] },
  ]
}
TF
cat > terraform.tfvars <<TF
project    = "$LAB_PARAM_PROJECT"
vpc_cidr   = "10.$LAB_PARAM_VPC_OCTET.0.0/16"
admin_cidr = "203.0.113.$LAB_PARAM_ADMIN_OCTET/32"
TF
terraform init -input=false -no-color >/dev/null
terraform apply -auto-approve -input=false -no-color >/dev/null
