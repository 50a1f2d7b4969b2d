#!/usr/bin/env bash
# expect: pass
# why: the instance in a module of its own (modules/web) that takes the subnet and the group as inputs
# needs: network
set -euo pipefail
cd infra
mkdir -p modules/web
cat > modules/web/main.tf <<'TF'
variable "project" { type = string }
variable "instance_type" { type = string }
variable "subnet_id" { type = string }
variable "security_group_ids" { type = list(string) }

resource "aws_instance" "this" {
  ami                    = "ami-1e749f67"
  instance_type          = var.instance_type
  subnet_id              = var.subnet_id
  vpc_security_group_ids = var.security_group_ids
  tags                   = { Name = "${var.project}-web", Project = var.project }
}

output "id" { value = aws_instance.this.id }
TF
cat > web.tf <<TF
module "web" {
  source             = "./modules/web"
  project            = "$LAB_PARAM_PROJECT"
  instance_type      = "$LAB_PARAM_INSTANCE_TYPE"
  subnet_id          = module.network.subnet_ids[0]
  security_group_ids = [module.network.security_group_id]
}
TF
terraform init -input=false -no-color >/dev/null
terraform apply -auto-approve -input=false -no-color >/dev/null
