#!/usr/bin/env bash
# expect: pass
# why: subnets from for_each over a zone => CIDR map built from aws_availability_zones, aws_security_group_rule resources, outputs as a map and a list
set -euo pipefail
cd infra
mkdir -p modules/network
cat > modules/network/variables.tf <<'TF'
variable "project" {
  type = string
}
variable "vpc_cidr" {
  type = string
}
variable "admin_cidr" {
  type = string
}
variable "subnet_count" {
  type    = number
  default = 2
}
TF
cat > modules/network/main.tf <<'TF'
data "aws_availability_zones" "azs" {}

locals {
  subnets = { for i, az in slice(data.aws_availability_zones.azs.names, 0, var.subnet_count) :
  az => cidrsubnet(var.vpc_cidr, 8, i + 10) }
}

resource "aws_vpc" "this" {
  cidr_block = var.vpc_cidr
  tags       = { Name = "${var.project}-vpc", Project = var.project }
}

resource "aws_subnet" "this" {
  for_each          = local.subnets
  vpc_id            = aws_vpc.this.id
  availability_zone = each.key
  cidr_block        = each.value
}

resource "aws_security_group" "web" {
  name_prefix = "${var.project}-"
  vpc_id      = aws_vpc.this.id
}

resource "aws_security_group_rule" "ssh" {
  type              = "ingress"
  security_group_id = aws_security_group.web.id
  protocol          = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_blocks       = [var.admin_cidr]
}

resource "aws_security_group_rule" "http" {
  type              = "ingress"
  security_group_id = aws_security_group.web.id
  protocol          = "tcp"
  from_port         = 80
  to_port           = 80
  cidr_blocks       = ["0.0.0.0/0"]
}

resource "aws_security_group_rule" "out" {
  type              = "egress"
  security_group_id = aws_security_group.web.id
  protocol          = "-1"
  from_port         = 0
  to_port           = 0
  cidr_blocks       = ["0.0.0.0/0"]
}
TF
cat > modules/network/outputs.tf <<'TF'
output "vpc_id" {
  value = aws_vpc.this.id
}
output "subnet_ids_by_az" {
  value = { for az, s in aws_subnet.this : az => s.id }
}
output "subnet_ids" {
  value = [for s in aws_subnet.this : s.id]
}
output "security_group_id" {
  value = aws_security_group.web.id
}
TF
cat > network.tf <<TF
module "network" {
  source     = "./modules/network"
  project    = "$LAB_PARAM_PROJECT"
  vpc_cidr   = "10.$LAB_PARAM_VPC_OCTET.0.0/16"
  admin_cidr = "203.0.113.$LAB_PARAM_ADMIN_OCTET/32"
}
TF
terraform init -input=false -no-color >/dev/null
terraform apply -auto-approve -input=false -no-color >/dev/null
