"""Task network: a module builds the VPC, two subnets in two AZs and the security group.

Graded on AWS as it is (found by CIDR and by what the group allows), plus Terraform's
state of infra/ for the one thing only it knows: that a module made them.
"""

import phase4_infra as p
import pytest


@pytest.mark.points(2)
def test_vpc_with_cidr_and_project_tag(aws, params):
    vpc = p.find_vpc(aws, params)
    got = p.tags(vpc).get("Project")
    assert got == params["project"], (
        f"expected the VPC {vpc['VpcId']} to be tagged Project={params['project']}; its Project tag is {got}"
    )


@pytest.mark.points(4)
def test_two_subnets_in_two_availability_zones(aws, params):
    vpc = p.find_vpc(aws, params)
    subnets = p.subnets(aws, vpc["VpcId"])
    assert len(subnets) >= 2, f"expected two subnets in the VPC {vpc['VpcId']}; it has {len(subnets)}"
    zones = sorted({s["AvailabilityZone"] for s in subnets})
    assert len(zones) >= 2, (
        f"expected the subnets in two different availability zones (so one AZ failing leaves "
        f"the other); all {len(subnets)} are in {zones[0]}"
    )
    outside = [s["CidrBlock"] for s in subnets if not p.inside(s["CidrBlock"], p.vpc_cidr(params))]
    assert not outside, f"subnets {', '.join(outside)} are outside the VPC's {p.vpc_cidr(params)}"


@pytest.mark.points(5)
def test_ssh_only_from_the_admin_network(aws, params):
    vpc = p.find_vpc(aws, params)
    group = p.web_group(aws, params, vpc["VpcId"])
    admin = p.admin_cidr(params)
    assert admin in p.open_to(group, 22), (
        f"expected the web security group {group['GroupName']} to allow SSH (22) from {admin}; "
        f"it allows it from: {', '.join(p.open_to(group, 22)) or 'nowhere'}"
    )
    leaks = []
    for g in p.security_groups(aws, vpc["VpcId"]):
        others = [c for c in p.open_to(g, 22) if c != admin]
        if others:
            leaks.append(f"{g['GroupName']} allows it from {', '.join(others)}")
    assert not leaks, f"expected SSH (22) open only to {admin}; {'; '.join(leaks)}"


@pytest.mark.points(3)
def test_http_from_anywhere(aws, params):
    vpc = p.find_vpc(aws, params)
    group = p.web_group(aws, params, vpc["VpcId"])
    cidrs = p.open_to(group, 80)
    assert "0.0.0.0/0" in cidrs, (
        f"expected the web security group {group['GroupName']} to allow HTTP (80) from 0.0.0.0/0; "
        f"it allows it from: {', '.join(cidrs) or 'nowhere'}"
    )


@pytest.mark.points(4)
def test_built_by_a_module(aws, tf, params):
    vpc = p.find_vpc(aws, params)
    group = p.web_group(aws, params, vpc["VpcId"])
    resources = p.tf_resources(tf)
    by_id = {r.get("values", {}).get("id"): r["address"] for r in resources}
    missing = [what for what, rid in (("the VPC", vpc["VpcId"]), ("the security group", group["GroupId"]))
               if rid not in by_id]
    assert not missing, (
        f"expected {' and '.join(missing)} in the Terraform state of infra/; it manages: "
        f"{', '.join(r['address'] for r in resources) or 'nothing'}"
    )
    subnet_addrs = [r["address"] for r in resources if r["type"] == "aws_subnet"]
    outside = [a for a in [by_id[vpc["VpcId"]], by_id[group["GroupId"]], *subnet_addrs]
               if not a.startswith("module.")]
    assert not outside, (
        "expected the VPC, the subnets and the security group to be made by a module "
        f"(addresses module.<name>....); these are in the root module: {', '.join(outside)}"
    )


@pytest.mark.points(3)
def test_module_takes_inputs_and_gives_outputs(aws, tf, params):
    vpc = p.find_vpc(aws, params)
    by_id = {r.get("values", {}).get("id"): r["address"] for r in p.tf_resources(tf)}
    address = by_id.get(vpc["VpcId"], "")
    path = p.module_path(address)
    assert path, "expected the VPC to be made by a module called from infra/ (see the check above)"
    where = "module." + ".module.".join(path)
    mod = p.module_config(p.tf_plan(tf), path)
    hard = {what: value for what, value in (("the project name", params["project"]),
                                            ("the VPC's CIDR", p.vpc_cidr(params)),
                                            ("the admin CIDR", p.admin_cidr(params)))
            if any(value == c for r in mod.get("resources", [])
                   for c in p.constants(r.get("expressions", {})))}
    assert not hard, (
        f"{where} has {', '.join(f'{w} ({v})' for w, v in hard.items())} written into its resources: take "
        "the project name and the CIDRs as variables (variable blocks) and pass them in the module call, "
        "so that another stack can reuse the module with its own values"
    )
    outputs = mod.get("outputs", {})
    refs = {name: p.references(o.get("expression", {})) for name, o in outputs.items()}
    missing = [what for what, kind in (("the VPC id", "aws_vpc."), ("the subnet ids", "aws_subnet."),
                                       ("the security group id", "aws_security_group."))
               if not any(r.startswith(kind) for rs in refs.values() for r in rs)]
    assert not missing, (
        f"expected {where} to output what a caller needs: {', '.join(missing)} "
        f"(output blocks in the module); its outputs: {', '.join(sorted(outputs)) or 'none'}"
    )
