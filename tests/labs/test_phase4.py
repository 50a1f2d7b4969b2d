"""phase4 (Terraform + Ansible): an alternative correct solution scores full marks, and
plausible wrong ones lose the points of the task they get wrong.

One env for the module. The alternative solution differs from the reference one where
a learner could reasonably differ: the state bucket and lock table made with boto3
instead of Terraform; the S3 backend configured from the first init with a partial
configuration (-backend-config file), so no state migration; a module with one resource
per subnet and explicit AZ names, and security group rules as separate
aws_vpc_security_group_ingress_rule resources; a literal AMI id; a YAML inventory with
inline group vars; a role named `webserver` using `package`, a conf.d file, a handler
that restarts, and the `ansible_hostname` fact in the page.

The wrong ones: first the same Terraform with SSH open to 0.0.0.0/0 and both subnets in
one AZ (then fixed in place, as a learner would), and last a playbook that installs and
restarts with `shell:`, which reports changes on every run.
"""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator

import pytest

from labctl.testing import LabEnv

pytestmark = [pytest.mark.docker, pytest.mark.terraform, pytest.mark.slow]

BOOTSTRAP = """
import os, boto3
s3 = boto3.client("s3")
s3.create_bucket(Bucket=os.environ["LAB_PARAM_STATE_BUCKET"])
s3.put_bucket_versioning(Bucket=os.environ["LAB_PARAM_STATE_BUCKET"],
                         VersioningConfiguration={"Status": "Enabled"})
boto3.client("dynamodb").create_table(
    TableName=os.environ["LAB_PARAM_LOCK_TABLE"], BillingMode="PAY_PER_REQUEST",
    KeySchema=[{"AttributeName": "LockID", "KeyType": "HASH"}],
    AttributeDefinitions=[{"AttributeName": "LockID", "AttributeType": "S"}])
"""

MODULE = """
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

output "vpc" { value = aws_vpc.main.id }
output "subnets" { value = [aws_subnet.a.id, aws_subnet.b.id] }
output "sg" { value = aws_security_group.web.id }
"""

ROOT = """
terraform {{
  backend "s3" {{}}
}}

module "net" {{
  source   = "./modules/network"
  name     = "{project}"
  cidr     = "10.{octet}.0.0/16"
  ssh_from = "{ssh_from}"
  zones    = {zones}
}}

resource "aws_instance" "app" {{
  ami                    = "ami-1e749f67"
  instance_type          = "{itype}"
  subnet_id              = module.net.subnets[0]
  vpc_security_group_ids = [module.net.sg]
  tags                   = {{ Name = "app-1", Project = "{project}" }}
}}

output "vpc_id" {{ value = module.net.vpc }}
output "subnet_ids" {{ value = module.net.subnets }}
output "security_group_id" {{ value = module.net.sg }}
output "instance_id" {{ value = aws_instance.app.id }}
output "instance_private_ip" {{ value = aws_instance.app.private_ip }}
"""

BACKEND_HCL = """
bucket         = "{bucket}"
key            = "{project}/infra.tfstate"
region         = "us-east-1"
dynamodb_table = "{table}"
use_path_style = true
"""

ALT_ANSIBLE = r"""
set -euo pipefail
cd /lab/ansible
sed -i 's/^inventory = .*/inventory = hosts.yml/' ansible.cfg
cat > hosts.yml <<YAML
all:
  children:
    web:
      hosts:
        web1: {}
        web2: {}
      vars:
        nginx_port: ${LAB_PARAM_HTTP_PORT}
YAML
mkdir -p roles/webserver/tasks roles/webserver/handlers roles/webserver/templates
cat > roles/webserver/tasks/main.yml <<'YAML'
- name: nginx is installed
  ansible.builtin.package:
    name: nginx
    state: present
- name: document root
  ansible.builtin.file:
    path: /srv/www
    state: directory
- name: home page
  ansible.builtin.template:
    src: index.html.j2
    dest: /srv/www/index.html
- name: virtual host
  ansible.builtin.template:
    src: vhost.conf.j2
    dest: /etc/nginx/conf.d/lab.conf
  notify: restart nginx
- name: nginx is running
  ansible.builtin.service:
    name: nginx
    state: started
YAML
cat > roles/webserver/handlers/main.yml <<'YAML'
- name: restart nginx
  ansible.builtin.service:
    name: nginx
    state: restarted
YAML
cat > roles/webserver/templates/vhost.conf.j2 <<'J2'
server {
  listen {{ nginx_port }} default_server;
  location / { root /srv/www; }
}
J2
cat > roles/webserver/templates/index.html.j2 <<J2
<html><body>Hello from {{ ansible_hostname }} ({{ ansible_default_ipv4.address | default('') }}), project ${LAB_PARAM_PROJECT}</body></html>
J2
cat > site.yml <<'YAML'
---
- hosts: web
  become: yes
  roles:
    - role: webserver
YAML
ansible-playbook site.yml >/dev/null
"""

WRONG_ANSIBLE = r"""
set -euo pipefail
cd /lab/ansible
cat > roles/webserver/tasks/main.yml <<'YAML'
- name: install nginx
  ansible.builtin.shell: apt-get install -y nginx
- name: document root
  ansible.builtin.file:
    path: /srv/www
    state: directory
- name: home page
  ansible.builtin.template:
    src: index.html.j2
    dest: /srv/www/index.html
- name: virtual host
  ansible.builtin.template:
    src: vhost.conf.j2
    dest: /etc/nginx/conf.d/lab.conf
- name: restart nginx so it picks up the config
  ansible.builtin.shell: service nginx restart
YAML
ansible-playbook site.yml >/dev/null
"""


def terraform(lab: LabEnv, ssh_from: str, zones: list[str]) -> None:
    p = lab.params
    root = ROOT.format(project=p["project"], octet=p["vpc_octet"], itype=p["instance_type"],
                       ssh_from=ssh_from, zones="[" + ", ".join(f'"{z}"' for z in zones) + "]")
    infra = lab.workspace / "infra"
    (infra / "modules" / "network" / "main.tf").write_text(MODULE)
    (infra / "main.tf").write_text(root)
    (infra / "backend.hcl").write_text(BACKEND_HCL.format(
        bucket=p["state_bucket"], project=p["project"], table=p["lock_table"]))
    res = lab.host_run(textwrap.dedent("""
        cd infra
        terraform init -input=false -no-color -backend-config=backend.hcl >/dev/null
        terraform apply -auto-approve -input=false -no-color >/dev/null
    """), timeout=600, check=False)
    assert res.returncode == 0, f"terraform failed: {res.stderr[-2000:]}"


def failed(report, *tasks: str) -> dict[str, str]:
    return {c.name: c.message for t in tasks for c in report.task(t).checks if not c.passed}


@pytest.fixture(scope="module")
def lab() -> Iterator[LabEnv]:
    with LabEnv("phase4") as env:
        yield env


@pytest.fixture(scope="module")
def bootstrapped(lab: LabEnv) -> LabEnv:
    lab.host_run(f"{sys.executable} - <<'PY'\n{BOOTSTRAP}\nPY")
    return lab


def test_open_ssh_and_one_zone_lose_network_points_only(bootstrapped: LabEnv) -> None:
    lab = bootstrapped
    admin = f"203.0.113.{lab.params['admin_octet']}/32"
    terraform(lab, "0.0.0.0/0", ["us-east-1a", "us-east-1a"])
    report = lab.grade(task=["network", "instance"])
    bad = failed(report, "network", "instance")
    assert set(bad) == {"test_two_subnets_in_two_availability_zones", "test_ssh_only_from_the_admin_network"}, bad
    assert "us-east-1a" in bad["test_two_subnets_in_two_availability_zones"], bad
    assert "0.0.0.0/0" in bad["test_ssh_only_from_the_admin_network"], bad
    assert admin in bad["test_ssh_only_from_the_admin_network"], bad


def test_alternative_solution_scores_full_marks(bootstrapped: LabEnv) -> None:
    lab = bootstrapped
    terraform(lab, f"203.0.113.{lab.params['admin_octet']}/32", ["us-east-1a", "us-east-1b"])
    lab.exec("workspace", ALT_ANSIBLE, timeout=600)
    report = lab.grade()
    problems = {t.id: t.feedback for t in report.tasks if not t.passed}
    assert report.percent == 100, problems


def test_shell_tasks_break_idempotence(lab: LabEnv) -> None:
    if not (lab.workspace / "ansible" / "roles" / "webserver").is_dir():
        lab.exec("workspace", ALT_ANSIBLE, timeout=600)
    lab.exec("workspace", WRONG_ANSIBLE, timeout=600)
    report = lab.grade(task=["playbook", "idempotent-playbook"])
    bad = failed(report, "playbook", "idempotent-playbook")
    assert set(bad) == {"test_second_run_changes_nothing"}, bad
    assert "changed=" in bad["test_second_run_changes_nothing"], bad
