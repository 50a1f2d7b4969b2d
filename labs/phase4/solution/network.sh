#!/bin/bash
# Reference solution: the network module (VPC, two subnets in two AZs, the web security
# group) and its call from infra/.
set -euo pipefail
cd infra
mkdir -p modules/network
cat > modules/network/variables.tf <<'TF'
variable "project" {
  description = "Name used in tags and resource names"
  type        = string
}

variable "vpc_cidr" {
  description = "CIDR block of the VPC"
  type        = string
}

variable "admin_cidr" {
  description = "The only network allowed in by SSH"
  type        = string
}
TF
cat > modules/network/main.tf <<'TF'
data "aws_availability_zones" "available" {
  state = "available"
}

resource "aws_vpc" "this" {
  cidr_block = var.vpc_cidr
  tags       = { Name = "${var.project}-vpc", Project = var.project }
}

resource "aws_subnet" "public" {
  count             = 2
  vpc_id            = aws_vpc.this.id
  cidr_block        = cidrsubnet(var.vpc_cidr, 8, count.index)
  availability_zone = data.aws_availability_zones.available.names[count.index]
  tags              = { Name = "${var.project}-public-${count.index}", Project = var.project }
}

resource "aws_security_group" "web" {
  name        = "${var.project}-web"
  description = "SSH from the admin network, HTTP from anywhere"
  vpc_id      = aws_vpc.this.id

  ingress {
    description = "SSH from admins"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [var.admin_cidr]
  }

  ingress {
    description = "HTTP from anywhere"
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }

  tags = { Project = var.project }
}
TF
cat > modules/network/outputs.tf <<'TF'
output "vpc_id" {
  value = aws_vpc.this.id
}

output "subnet_ids" {
  value = aws_subnet.public[*].id
}

output "security_group_id" {
  value = aws_security_group.web.id
}
TF
cat > network.tf <<TF
module "network" {
  source     = "./modules/network"
  project    = "${LAB_PARAM_PROJECT}"
  vpc_cidr   = "10.${LAB_PARAM_VPC_OCTET}.0.0/16"
  admin_cidr = "203.0.113.${LAB_PARAM_ADMIN_OCTET}/32"
}
TF
terraform init -input=false -no-color >/dev/null
terraform apply -auto-approve -input=false -no-color >/dev/null
