# A network module as a learner writes it (included by network variants), with the knobs
# their mistakes turn: SSH_FROM (default the admin /32), AZ_INDEX_B (the second subnet's AZ
# index: 0 puts both in one AZ), VPC_TAGS (HCL map). `network_apply` writes and applies it.
set -euo pipefail
SSH_FROM=${SSH_FROM:-var.admin_cidr}
AZ_INDEX_B=${AZ_INDEX_B:-1}
VPC_TAGS=${VPC_TAGS:-'{ Name = "${var.project}-vpc", Project = var.project }'}
network_module() {
  mkdir -p infra/modules/network
  cat > infra/modules/network/main.tf <<TF
variable "project" { type = string }
variable "vpc_cidr" { type = string }
variable "admin_cidr" { type = string }

data "aws_availability_zones" "available" {}

resource "aws_vpc" "this" {
  cidr_block = var.vpc_cidr
  tags       = $VPC_TAGS
}

resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.this.id
  cidr_block        = cidrsubnet(var.vpc_cidr, 8, 1)
  availability_zone = data.aws_availability_zones.available.names[0]
}

resource "aws_subnet" "b" {
  vpc_id            = aws_vpc.this.id
  cidr_block        = cidrsubnet(var.vpc_cidr, 8, 2)
  availability_zone = data.aws_availability_zones.available.names[$AZ_INDEX_B]
}

resource "aws_security_group" "web" {
  name   = "web"
  vpc_id = aws_vpc.this.id
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [$SSH_FROM]
  }
  ingress {
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
}

output "vpc_id" { value = aws_vpc.this.id }
output "subnet_ids" { value = [aws_subnet.a.id, aws_subnet.b.id] }
output "security_group_id" { value = aws_security_group.web.id }
TF
}
network_call() {
  cat > infra/main.tf <<TF
module "network" {
  source     = "./modules/network"
  project    = "$LAB_PARAM_PROJECT"
  vpc_cidr   = "10.$LAB_PARAM_VPC_OCTET.0.0/16"
  admin_cidr = "203.0.113.$LAB_PARAM_ADMIN_OCTET/32"
}
TF
}
tf_apply() {
  (cd infra && terraform init -input=false -no-color >/dev/null && terraform apply -auto-approve -input=false -no-color >/dev/null)
}
