#!/usr/bin/env bash
# expect: fail
# why: a module whose CIDRs and project are written into its resources: it takes no variables
# feedback: written into its resources
set -euo pipefail
mkdir -p infra/modules/network
cat > infra/modules/network/main.tf <<TF
data "aws_availability_zones" "available" {}

resource "aws_vpc" "this" {
  cidr_block = "10.$LAB_PARAM_VPC_OCTET.0.0/16"
  tags       = { Project = "$LAB_PARAM_PROJECT" }
}

resource "aws_subnet" "s" {
  count             = 2
  vpc_id            = aws_vpc.this.id
  cidr_block        = "10.$LAB_PARAM_VPC_OCTET.\${count.index}.0/24"
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

output "vpc_id" { value = aws_vpc.this.id }
output "subnet_ids" { value = aws_subnet.s[*].id }
output "security_group_id" { value = aws_security_group.web.id }
TF
echo 'module "network" { source = "./modules/network" }' > infra/main.tf
cd infra && terraform init -input=false -no-color >/dev/null && terraform apply -auto-approve -input=false -no-color >/dev/null
